namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>What a <see cref="MemoryNetwork"/> does with one datagram (its <see cref="MemoryNetwork.Filter"/> decides).</summary>
internal enum MemoryDelivery
{
    /// <summary>Deliver it once (the default).</summary>
    Deliver,

    /// <summary>Lose it.</summary>
    Drop,

    /// <summary>Deliver it twice.</summary>
    Duplicate,

    /// <summary>Hold it back and deliver it right after the next datagram to the same destination (reordering).</summary>
    Delay,
}
