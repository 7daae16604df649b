using Dvpn.Client.Options;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

/// <summary>Chooses the DNS configurator for this machine and the tunnel's namespace.</summary>
internal static class DnsConfiguration
{
    /// <summary>The resolv.conf that processes of the tunnel's namespace read: <see cref="FirewallOptions.ResolvConfPath"/>,
    /// else <c>/etc/netns/NAME/resolv.conf</c> in a namespace (what <c>ip netns exec NAME</c> mounts over
    /// /etc/resolv.conf), else <c>/etc/resolv.conf</c>.</summary>
    public static string ResolvConfPath(FirewallOptions options, string? networkNamespace) =>
        options.ResolvConfPath ?? (networkNamespace is null ? "/etc/resolv.conf" : Path.Combine("/etc/netns", networkNamespace, "resolv.conf"));

    public static IDnsConfigurator? Create(FirewallOptions options, string? networkNamespace, string dataDirectory, ILoggerFactory loggerFactory)
    {
        _ = (options, networkNamespace, dataDirectory, loggerFactory);
        return null;
    }
}
