using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Dvpn.WireGuard.Configuration;

/// <summary>A <c>[Peer]</c> section of a wg-quick file.</summary>
public sealed class WgQuickPeer
{
    /// <summary>PublicKey: the peer's identity (required).</summary>
    public required PublicKey PublicKey { get; init; }

    /// <summary>PresharedKey, owned by the <see cref="WgQuickConfig"/> that holds this peer; null when absent.</summary>
    public PresharedKey? PresharedKey { get; init; }

    /// <summary>AllowedIPs (all the lines, in order). Default empty.</summary>
    public IReadOnlyList<IPNetwork> AllowedIPs { get; init; } = [];

    /// <summary>
    /// Endpoint as written: <c>host:port</c> or <c>[v6]:port</c>, where host may be a name that is kept as text and
    /// never resolved here. Null when absent.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>PersistentKeepalive in seconds (0 for "off"); null when absent.</summary>
    public ushort? PersistentKeepalive { get; init; }

    /// <summary>The endpoint as an <see cref="IPEndPoint"/> when it is an IP literal (a host name gives false).</summary>
    public bool TryGetIPEndPoint([NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        return Endpoint is not null && Uapi.UapiEndpoint.TryParse(Endpoint, out endpoint);
    }
}
