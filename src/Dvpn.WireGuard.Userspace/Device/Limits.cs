namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>The protocol's timers and limits (whitepaper §6.1, "Preliminaries"), under their names in the paper.</summary>
internal static class Limits
{
    /// <summary>REKEY_AFTER_MESSAGES: the initiator of a session starts a new handshake after sending this many messages.</summary>
    public const ulong RekeyAfterMessages = 1UL << 60;

    /// <summary>REJECT_AFTER_MESSAGES: no message is sent or accepted with a counter this high (2^64 - 2^13 - 1).</summary>
    public const ulong RejectAfterMessages = ulong.MaxValue - (1UL << 13);

    /// <summary>REKEY_AFTER_TIME.</summary>
    public static readonly TimeSpan RekeyAfterTime = TimeSpan.FromSeconds(120);

    /// <summary>REJECT_AFTER_TIME: a session older than this neither sends nor receives.</summary>
    public static readonly TimeSpan RejectAfterTime = TimeSpan.FromSeconds(180);

    /// <summary>REKEY_ATTEMPT_TIME: how long initiations are retried before staged packets are dropped.</summary>
    public static readonly TimeSpan RekeyAttemptTime = TimeSpan.FromSeconds(90);

    /// <summary>REKEY_TIMEOUT: the wait for a response before the initiation is retried (plus jitter).</summary>
    public static readonly TimeSpan RekeyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>KEEPALIVE_TIMEOUT: a peer that received data and sent nothing back for this long sends a keepalive.</summary>
    public static readonly TimeSpan KeepaliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The jitter added to each retransmission of an initiation (up to a third of a second, like wireguard-go).</summary>
    public static readonly TimeSpan RekeyTimeoutJitterMax = TimeSpan.FromMilliseconds(334);

    /// <summary>How many retransmissions fit in REKEY_ATTEMPT_TIME.</summary>
    public static readonly int MaxTimerHandshakes = (int)(RekeyAttemptTime / RekeyTimeout);

    /// <summary>How long a cookie (and the responder's secret Rm) is good for (§5.4.7).</summary>
    public static readonly TimeSpan CookieRefreshTime = TimeSpan.FromSeconds(120);

    /// <summary>The least time between two initiations accepted from one peer (a replayed initiation flood cannot force work).</summary>
    public static readonly TimeSpan HandshakeInitiationRate = TimeSpan.FromMilliseconds(20);

    /// <summary>Packets held per peer while a handshake is under way; the oldest is dropped beyond it.</summary>
    public const int MaxStagedPackets = 128;

    /// <summary>Handshake messages waiting for the handshake worker; beyond an eighth of it the device is "under load" and demands cookies.</summary>
    public const int HandshakeQueueCapacity = 1024;

    /// <summary>The largest UDP payload the device reads (an IP packet of 65535 bytes plus the message overhead).</summary>
    public const int MaxMessageSize = 65535 + 32 + 16;
}
