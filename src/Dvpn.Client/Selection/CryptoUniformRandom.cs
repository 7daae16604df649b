using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dvpn.Client.Selection;

/// <summary>
/// <see cref="IUniformRandom"/> from <see cref="RandomNumberGenerator"/>: which provider a user picks is observable
/// by others, and a predictable draw would let a provider steer users to itself.
/// </summary>
internal sealed class CryptoUniformRandom : IUniformRandom
{
    public static CryptoUniformRandom Instance { get; } = new();

    /// <summary>The 53 bits a double's mantissa holds.</summary>
    private const int MantissaBits = 53;

    public double NextOpenClosed()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        ulong bits = BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> (64 - MantissaBits);
        // (bits + 1) / 2^53 lies in (0, 1], every value equally likely.
        return (bits + 1) * (1.0 / (1UL << MantissaBits));
    }
}
