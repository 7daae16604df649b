using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Dvpn.WireGuard.Configuration;
using Nethereum.Signer;

namespace Dvpn.Devnet.Leak;

/// <summary>Provider sites behind the router.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class LeakLab
{
    /// <summary>The most provider sites one lab makes (198.18.1.0/24 to 198.18.20.0/24).</summary>
    public const int MaxProviders = 20;

    /// <summary>Where providers reach the chain, inside their own namespace.</summary>
    private static readonly IPEndPoint ProviderChainEndPoint = new(IPAddress.Loopback, 8545);

    /// <summary>
    /// Starts a provider on a new site k behind the router (198.18.k.2, default route via 198.18.k.1, NAT out of that
    /// link), staked from a fresh account, assigning <see cref="AssignedResolver"/> as its tunnel DNS; waits for its
    /// READY=1. With <paramref name="ipv6"/> it also grants IPv6 tunnel addresses (NATed out of 2001:db8:k::2).
    /// </summary>
    public async Task<LabProvider> StartProviderAsync(string region, bool ipv6 = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        int index = Interlocked.Increment(ref _nextSite);
        if (index > MaxProviders)
        {
            throw new InvalidOperationException($"The leak lab makes at most {MaxProviders} provider sites.");
        }

        EthECKey key = await LabProviderSetup.CreateStakedKeyAsync(Chain, ClientLab.MinStake, _bankGate, cancellationToken);
        var spec = new LabProviderSpec { Region = region };
        string k = index.ToString(CultureInfo.InvariantCulture);
        LabProvider provider = await LabProviderSetup.StartAsync(index, key, spec, ct => CreateSiteAsync(index, ct), (site, identity) =>
        {
            ProviderSettings settings = ProviderSettings.ForSite(site, identity, Chain, Network.NewInterfaceName("pwg"), $"100.64.{k}.0/24")
                .WithLabDefaults(spec.PricePerGiB, region)
                .Set("Tunnel:Dns:0", AssignedResolver.ToString());
            return ipv6 ? settings.Set("Tunnel:IPv6Pool", $"fd77:{k}::/112") : settings;
        }, cancellationToken);
        lock (_gate)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    private async Task<ProviderSite> CreateSiteAsync(int index, CancellationToken cancellationToken)
    {
        string k = index.ToString(CultureInfo.InvariantCulture);
        NetworkHost host = await Network.AddHostAsync($"provider{k}", cancellationToken);
        var address = IPAddress.Parse($"198.18.{k}.2");
        var gateway = IPAddress.Parse($"198.18.{k}.1");
        (HostInterface uplink, HostInterface routerEnd) = await Network.ConnectAsync(
            host, new InterfaceAddress(address, 24), Router, new InterfaceAddress(gateway, 24), cancellationToken);
        var gateway6 = IPAddress.Parse($"2001:db8:{k}::1");
        await host.AddAddressAsync(uplink.Name, InterfaceAddress.Parse($"2001:db8:{k}::2/64"), cancellationToken);
        await Router.AddAddressAsync(routerEnd.Name, new InterfaceAddress(gateway6, 64), cancellationToken);
        await host.SetDefaultRouteAsync(gateway, cancellationToken);
        await host.SetDefaultRouteAsync(gateway6, cancellationToken);
        PortForward forward = PortForward.Start(host, ProviderChainEndPoint, new IPEndPoint(IPAddress.Loopback, Chain.RpcUrl.Port));
        return new ProviderSite(host, address, forward) { UpstreamInterface = uplink.Name };
    }
}
