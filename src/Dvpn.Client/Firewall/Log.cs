using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Firewall;

internal static partial class Log
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Kill switch: {Mode} (lockdown {Lockdown}, allow LAN {AllowLan})")]
    public static partial void Applied(ILogger logger, string mode, bool lockdown, bool allowLan);

    [LoggerMessage(EventId = 451, Level = LogLevel.Error, Message = "Kill switch: the {Mode} rules could not be applied; the previous rules stay in force")]
    public static partial void ApplyFailed(ILogger logger, string mode, Exception exception);

    [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "DNS ({Backend}) now goes to {Servers} through the tunnel")]
    public static partial void DnsApplied(ILogger logger, string backend, string servers);

    [LoggerMessage(EventId = 453, Level = LogLevel.Error, Message = "DNS ({Backend}) could not be pointed at the tunnel; name resolution fails closed until it can")]
    public static partial void DnsFailed(ILogger logger, string backend, Exception exception);

    [LoggerMessage(EventId = 454, Level = LogLevel.Error, Message = "DNS ({Backend}) could not be put back as it was")]
    public static partial void DnsRestoreFailed(ILogger logger, string backend, Exception exception);

    [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "The session has no usable DNS server (none assigned, or only IPv6 ones with IPv6 blocked): DNS stays blocked")]
    public static partial void NoDnsServers(ILogger logger);
}
