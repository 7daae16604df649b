namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// What the device dropped and why: garbage from the network is never an exception, it is counted here. Read with
/// <see cref="Volatile"/> semantics through the properties; incremented with <see cref="Interlocked"/>.
/// </summary>
internal sealed class DeviceCounters
{
    internal long _malformed;
    internal long _unknownIndex;
    internal long _authenticationFailed;
    internal long _replayed;
    internal long _expiredKey;
    internal long _disallowedSource;
    internal long _noRoute;
    internal long _paused;
    internal long _handshakeRejected;
    internal long _handshakeQueueFull;
    internal long _cookieRepliesSent;
    internal long _sendFailed;
    internal long _noEndpoint;

    /// <summary>Datagrams too short, of an unknown type, or of a wrong length for their type; IP packets with a broken header.</summary>
    public long Malformed => Volatile.Read(ref _malformed);

    /// <summary>Responses, cookie replies and data for an index we do not have.</summary>
    public long UnknownIndex => Volatile.Read(ref _unknownIndex);

    /// <summary>Messages whose AEAD tag or mac1 did not verify.</summary>
    public long AuthenticationFailed => Volatile.Read(ref _authenticationFailed);

    /// <summary>Data messages whose counter was already seen or is behind the window.</summary>
    public long Replayed => Volatile.Read(ref _replayed);

    /// <summary>Data for a session older than REJECT_AFTER_TIME.</summary>
    public long ExpiredKey => Volatile.Read(ref _expiredKey);

    /// <summary>Decrypted packets whose source address is not among the sending peer's allowed IPs.</summary>
    public long DisallowedSource => Volatile.Read(ref _disallowedSource);

    /// <summary>Packets from the interface for a destination no peer is allowed.</summary>
    public long NoRoute => Volatile.Read(ref _noRoute);

    /// <summary>Packets dropped because forwarding is switched off for their peer (the provider's metering switch).</summary>
    public long Paused => Volatile.Read(ref _paused);

    /// <summary>Initiations refused: unknown peer, replayed or too frequent timestamps, failed responses.</summary>
    public long HandshakeRejected => Volatile.Read(ref _handshakeRejected);

    /// <summary>Handshake messages dropped because the handshake queue was full.</summary>
    public long HandshakeQueueFull => Volatile.Read(ref _handshakeQueueFull);

    /// <summary>Cookie replies sent under load.</summary>
    public long CookieRepliesSent => Volatile.Read(ref _cookieRepliesSent);

    /// <summary>Datagrams the network refused.</summary>
    public long SendFailed => Volatile.Read(ref _sendFailed);

    /// <summary>Packets for a peer with no known endpoint.</summary>
    public long NoEndpoint => Volatile.Read(ref _noEndpoint);
}
