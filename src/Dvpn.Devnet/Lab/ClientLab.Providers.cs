using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Dvpn.WireGuard.Configuration;
using Nethereum.Signer;

namespace Dvpn.Devnet.Lab;

/// <summary>Provider sites and provider processes.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class ClientLab
{
    /// <summary>The most provider sites one lab makes (wan 10.98.0.101 to .250).</summary>
    public const int MaxProviders = 150;

    /// <summary>Where providers reach the chain, inside their own namespace.</summary>
    private static readonly IPEndPoint ChainEndPoint = new(IPAddress.Loopback, 8545);

    /// <summary>
    /// Starts a provider on a new site: a fresh account (funded by development account 0, so tests never share one),
    /// staked, with the spec's price, region and settings; waits for its <c>READY=1</c>, sent once it is registered
    /// and serving.
    /// </summary>
    public async Task<LabProvider> StartProviderAsync(LabProviderSpec? spec = null, CancellationToken cancellationToken = default)
    {
        spec ??= new LabProviderSpec();
        int index = Interlocked.Increment(ref _nextSite);
        if (index > MaxProviders)
        {
            throw new InvalidOperationException($"The client lab makes at most {MaxProviders} provider sites.");
        }

        EthECKey key = await LabProviderSetup.CreateStakedKeyAsync(Chain, spec.Stake ?? MinStake, _bankGate, cancellationToken);
        LabProvider provider = await LabProviderSetup.StartAsync(index, key, spec, ct => CreateSiteAsync(index, ct),
            (site, identity) => Settings(site, identity, index, spec), cancellationToken);
        lock (_gate)
        {
            _providers.Add(provider);
        }

        return provider;
    }

    /// <summary>Starts <paramref name="count"/> providers with the same spec, one after another.</summary>
    public async Task<IReadOnlyList<LabProvider>> StartProvidersAsync(int count, LabProviderSpec? spec = null, CancellationToken cancellationToken = default)
    {
        var providers = new List<LabProvider>(count);
        for (int i = 0; i < count; i++)
        {
            providers.Add(await StartProviderAsync(spec, cancellationToken));
        }

        return providers;
    }

    private async Task<ProviderSite> CreateSiteAsync(int index, CancellationToken cancellationToken)
    {
        string k = index.ToString(CultureInfo.InvariantCulture);
        var wanAddress = IPAddress.Parse($"10.98.0.{100 + index}");
        NetworkHost host = await Network.AddHostAsync($"provider{k}", cancellationToken);
        await Network.AttachAsync(Wan, host, new InterfaceAddress(wanAddress, WanPrefixLength), cancellationToken);
        (HostInterface upstream, _) = await Network.ConnectAsync(
            host, InterfaceAddress.Parse($"198.18.{k}.1/24"), Internet, InterfaceAddress.Parse($"198.18.{k}.2/24"), cancellationToken);
        await host.SetDefaultRouteAsync(IPAddress.Parse($"198.18.{k}.2"), cancellationToken);
        PortForward forward = PortForward.Start(host, ChainEndPoint, new IPEndPoint(IPAddress.Loopback, Chain.RpcUrl.Port));
        return new ProviderSite(host, wanAddress, forward) { UpstreamInterface = upstream.Name };
    }

    /// <summary>
    /// The lab's provider settings: the site's addresses, the devnet, the identity's keystore, a fresh interface name,
    /// a tunnel pool of its own, metrics on the site's loopback, then the spec.
    /// </summary>
    private ProviderSettings Settings(ProviderSite site, ProviderIdentity identity, int index, LabProviderSpec spec)
    {
        ProviderSettings settings = ProviderSettings.ForSite(site, identity, Chain, Network.NewInterfaceName("pwg"),
                $"100.64.{index.ToString(CultureInfo.InvariantCulture)}.0/24")
            .WithLabDefaults(spec.PricePerGiB, spec.Region);
        foreach ((string key, string value) in spec.Settings)
        {
            settings.Set(key, value);
        }

        return settings;
    }
}
