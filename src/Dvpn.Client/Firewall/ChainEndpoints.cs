using System.Net;
using System.Net.Sockets;

namespace Dvpn.Client.Firewall;

/// <summary>
/// The chain's JSON-RPC endpoints as the kill switch matches them: address and TCP port. Host names are resolved once,
/// at start, before any blocking (afterwards DNS outside the tunnel is blocked): the addresses are pinned for the
/// client's lifetime.
/// </summary>
internal static class ChainEndpoints
{
    public static async Task<IReadOnlyList<IPEndPoint>> ResolveAsync(IEnumerable<Uri> urls, CancellationToken cancellationToken)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (Uri url in urls)
        {
            if (PolicyAddress.LiteralEndpoint(url) is { } literal)
            {
                endpoints.Add(literal);
                continue;
            }

            IPAddress[] addresses = await ResolveHostAsync(url.Host, cancellationToken).ConfigureAwait(false);
            endpoints.AddRange(addresses
                .Select(PolicyAddress.Plain)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && a.ScopeId == 0))
                .Select(a => new IPEndPoint(a, url.Port)));
        }

        return [.. endpoints.Distinct()];
    }

    private static async Task<IPAddress[]> ResolveHostAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The chain connection itself reports an unreachable endpoint; the kill switch just cannot allow it.
            return [];
        }
    }
}
