namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>
/// The inner side of a device: whole IP packets (IPv4 or IPv6, no packet-information header) to and from the
/// operating system. A TUN device in production (<c>TunDevice</c>), memory in tests. The engine calls
/// <see cref="Read"/> from one dedicated thread and <see cref="Write"/> from another, so both must be safe to call
/// concurrently with each other (not with themselves).
/// </summary>
internal interface IPacketInterface : IDisposable
{
    /// <summary>The interface's name (for logs and the UAPI socket).</summary>
    string Name { get; }

    /// <summary>The largest packet <see cref="Read"/> can return and <see cref="Write"/> accepts.</summary>
    int Mtu { get; }

    /// <summary>
    /// Blocks until one packet is available and copies it into <paramref name="buffer"/> (at least <see cref="Mtu"/>
    /// bytes); returns its length. Returns 0 once the interface is disposed (which must wake a blocked reader).
    /// </summary>
    int Read(Span<byte> buffer);

    /// <summary>
    /// Whether <see cref="Read"/> would return a packet at once, without a system call (the rest of a large segment
    /// the device is cutting up). The send path holds a run of messages only while this is true.
    /// </summary>
    bool HasBufferedPacket => false;

    /// <summary>Hands one packet to the operating system. Errors of a single packet are swallowed (counted), as a NIC would.</summary>
    void Write(ReadOnlySpan<byte> packet);
}
