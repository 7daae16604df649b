using System.Runtime.Versioning;
using Dvpn.Client.Options;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

/// <summary>The client's DNS configuration: which file or service, for the tunnel's namespace, with its saved state in
/// the data directory.</summary>
[SupportedOSPlatform("linux")]
internal static class DnsConfiguration
{
    /// <summary>The resolv.conf that processes of the tunnel's namespace read: <see cref="FirewallOptions.ResolvConfPath"/>,
    /// else <c>/etc/netns/NAME/resolv.conf</c> in a namespace (what <c>ip netns exec NAME</c> mounts over
    /// /etc/resolv.conf), else <c>/etc/resolv.conf</c>.</summary>
    public static string ResolvConfPath(FirewallOptions options, string? networkNamespace) =>
        options.ResolvConfPath ?? (networkNamespace is null ? "/etc/resolv.conf" : Path.Combine("/etc/netns", networkNamespace, "resolv.conf"));

    /// <summary>
    /// Puts back what a crashed run left changed (either backend's saved state), then chooses the backend for this run:
    /// systemd-resolved where it serves the host, else the resolv.conf file.
    /// </summary>
    public static async Task<IDnsConfigurator> StartAsync(FirewallOptions options, string? networkNamespace, string dataDirectory, ILogger logger,
        CancellationToken cancellationToken)
    {
        string path = ResolvConfPath(options, networkNamespace);
        try
        {
            await DnsConfigurators.RestoreLeftoversAsync(path, dataDirectory, logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // The saved state stays on disk for the next attempt (disconnect, stop, next start); connecting is not held up.
            Log.LeftoversNotRestored(logger, path, e);
        }

        return DnsConfigurators.Detect(path, dataDirectory, logger, networkNamespace: networkNamespace is not null);
    }
}
