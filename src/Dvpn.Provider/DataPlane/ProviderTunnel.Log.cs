using System.Net;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Devices;

namespace Dvpn.Provider.DataPlane;

/// <summary>Log messages of the data plane (event ids 4100-4199).</summary>
internal sealed partial class ProviderTunnel
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information,
        Message = "Tunnel {Interface} up ({Backend}, UDP port {ListenPort}, IPv4 pool {IPv4Pool}, IPv6 pool {IPv6Pool})")]
    private static partial void LogCreated(ILogger logger, string @interface, WireGuardBackendKind backend, ushort listenPort, IPNetwork ipv4Pool, string ipv6Pool);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "nftables table inet {Table} installed for {Interface} (upstream {Upstream}, private destinations blocked: {BlockPrivate})")]
    private static partial void LogRulesInstalled(ILogger logger, string table, string @interface, string upstream, bool blockPrivate);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Interface {Interface} exists, left by an earlier run; deleting it")]
    private static partial void LogRemovingLeftover(ILogger logger, string @interface);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Peer {PublicKey} added with {IPv4} and {IPv6}")]
    private static partial void LogPeerAdded(ILogger logger, PublicKey publicKey, IPAddress ipv4, string ipv6);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Peer {PublicKey} removed")]
    private static partial void LogPeerRemoved(ILogger logger, PublicKey publicKey);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Tunnel {Interface} removed")]
    private static partial void LogDisposed(ILogger logger, string @interface);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Could not remove {What} {Name}")]
    private static partial void LogTeardownFailed(ILogger logger, string what, string name, Exception exception);
}
