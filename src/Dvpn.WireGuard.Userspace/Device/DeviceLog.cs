using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>The engine's log messages (stable event ids 7100-7199). Peers appear by a short prefix of their public key; no secret is ever logged.</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(7100, LogLevel.Information, "{Device}: started (port {Port})")]
    public static partial void Started(ILogger logger, string device, int port);

    [LoggerMessage(7101, LogLevel.Information, "{Device}: stopped")]
    public static partial void Stopped(ILogger logger, string device);

    [LoggerMessage(7102, LogLevel.Debug, "{Device}: sending handshake initiation to peer {Peer} (retry {Attempt})")]
    public static partial void InitiationSent(ILogger logger, string device, string peer, int attempt);

    [LoggerMessage(7103, LogLevel.Information, "{Device}: handshake with peer {Peer} completed (we initiated: {Initiator})")]
    public static partial void HandshakeCompleted(ILogger logger, string device, string peer, bool initiator);

    [LoggerMessage(7104, LogLevel.Debug, "{Device}: handshake with peer {Peer} did not complete, retry {Attempt}")]
    public static partial void HandshakeRetry(ILogger logger, string device, string peer, int attempt);

    [LoggerMessage(7105, LogLevel.Warning, "{Device}: handshake with peer {Peer} did not complete after {Attempts} attempts, giving up")]
    public static partial void HandshakeGaveUp(ILogger logger, string device, string peer, int attempts);

    [LoggerMessage(7106, LogLevel.Debug, "{Device}: no reply from peer {Peer} for {Seconds} s, starting a handshake")]
    public static partial void NoReply(ILogger logger, string device, string peer, double seconds);

    [LoggerMessage(7107, LogLevel.Debug, "{Device}: keys of peer {Peer} zeroed after 3 x REJECT_AFTER_TIME without a handshake")]
    public static partial void KeysZeroed(ILogger logger, string device, string peer);

    [LoggerMessage(7108, LogLevel.Debug, "{Device}: initiation refused ({Reason})")]
    public static partial void InitiationRefused(ILogger logger, string device, string reason);

    [LoggerMessage(7109, LogLevel.Debug, "{Device}: under load, cookie reply sent")]
    public static partial void CookieReplySent(ILogger logger, string device);

    [LoggerMessage(7110, LogLevel.Error, "{Device}: the {Loop} loop failed")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string device, string loop);

    [LoggerMessage(7111, LogLevel.Information, "{Device}: listening on port {Port}")]
    public static partial void Listening(ILogger logger, string device, int port);
}
