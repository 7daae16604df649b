using System.Buffers.Binary;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>
/// TAI64N timestamps (whitepaper §5.4, Timestamp()): 8 bytes big-endian of 2^62 + 10 + Unix seconds, then 4 bytes
/// big-endian nanoseconds. Nanoseconds are rounded down to a 2^24 ns granularity, as wireguard-go does, so the
/// timestamp does not leak a precise clock.
/// </summary>
internal static class Tai64N
{
    /// <summary>Wire length.</summary>
    public const int Size = 12;

    private const ulong Base = 0x400000000000000a;
    private const uint WhitenerMask = 0x1000000 - 1;

    /// <summary>Writes the timestamp for <paramref name="time"/>.</summary>
    public static void Write(DateTimeOffset time, Span<byte> destination)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        uint nanoseconds = (uint)(ticks % TimeSpan.TicksPerSecond * 100);
        nanoseconds &= ~WhitenerMask;
        BinaryPrimitives.WriteUInt64BigEndian(destination, checked(Base + seconds));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], nanoseconds);
    }

    /// <summary>Whether timestamp <paramref name="a"/> is strictly after <paramref name="b"/> (the anti-replay rule for initiations).</summary>
    public static bool IsAfter(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a[..Size].SequenceCompareTo(b[..Size]) > 0;
}
