using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Providers;

/// <summary>
/// A namespace a provider runs in: its wan address, its upstream interface (if it has one) and the port forward
/// that gives it the chain at <c>http://127.0.0.1:8545</c>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProviderSite(NetworkHost host, IPAddress wanAddress, PortForward chainForward) : IAsyncDisposable
{
    public const int PublicPort = 8443;
    public const int WireGuardPort = 51820;

    public NetworkHost Host { get; } = host;

    public IPAddress WanAddress { get; } = wanAddress;

    /// <summary>The interface towards the internet host; null for sites without one (no NAT configured).</summary>
    public string? UpstreamInterface { get; set; }

    public PortForward ChainForward { get; } = chainForward;

    public Uri RpcUrl => new($"http://{ChainForward.ListenEndPoint}");

    public string PublicListen => $"{WanAddress}:{PublicPort.ToString(CultureInfo.InvariantCulture)}";

    public Uri PublicEndpoint => new($"https://{PublicListen}");

    public string WireGuardEndpoint => $"{WanAddress}:{WireGuardPort.ToString(CultureInfo.InvariantCulture)}";

    public ValueTask DisposeAsync() => ChainForward.DisposeAsync();

    public override string ToString() => $"{Host} at {WanAddress}";
}
