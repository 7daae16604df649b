using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.Benchmarks.WireGuard;

/// <summary>
/// The TUN side of a benchmark device: <see cref="Read"/> blocks until disposed (the benchmark calls the device's
/// hot-path entry points itself, so the device's own send thread stays idle) and <see cref="Write"/> only counts.
/// </summary>
internal sealed class NullPacketInterface(string name) : IPacketInterface
{
    private readonly ManualResetEventSlim _disposed = new();
    private long _written;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public int Mtu => 1420;

    /// <summary>Packets the device delivered.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <inheritdoc />
    public int Read(Span<byte> buffer)
    {
        _disposed.Wait();
        return 0;
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> packet) => _written++; // one writer: the receive path

    /// <inheritdoc />
    public void Dispose() => _disposed.Set();
}
