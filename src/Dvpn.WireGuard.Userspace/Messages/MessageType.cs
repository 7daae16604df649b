namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>The first byte of every WireGuard message (whitepaper §5.4), followed by three zero reserved bytes.</summary>
internal enum MessageType : byte
{
    /// <summary>Handshake initiation (§5.4.2).</summary>
    HandshakeInitiation = 1,

    /// <summary>Handshake response (§5.4.3).</summary>
    HandshakeResponse = 2,

    /// <summary>Cookie reply (§5.4.7).</summary>
    CookieReply = 3,

    /// <summary>Transport data (§5.4.6).</summary>
    TransportData = 4,
}
