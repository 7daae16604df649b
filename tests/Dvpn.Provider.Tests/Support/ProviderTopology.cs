using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Provider.Tests.Support;

/// <summary>
/// The network of the provider end-to-end tests, all in namespaces of one <see cref="NetworkLab"/>:
/// <code>
///   client (10.99.0.10, .20, .21) ──┐
///                                    wan switch (10.99.0.0/24)
///   provider (10.99.0.1) ───────────┤        provider eth1 198.18.0.1/24 ── internet (198.18.0.2)
///   other provider sites (10.99.0.3, ...) ─┘
/// </code>
/// The internet host has no route to the tunnel pools, so a reply reaches a client only through the provider's NAT.
/// Each provider site gets a port forward from its own 127.0.0.1:8545 to anvil in the root namespace.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ProviderTopology : IAsyncDisposable
{
    public const int WanPrefixLength = 24;

    /// <summary>The client's usual address, and two more for tests that need their own source address.</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.99.0.10");
    public static readonly IPAddress FloodAddress = IPAddress.Parse("10.99.0.20");
    public static readonly IPAddress BystanderAddress = IPAddress.Parse("10.99.0.21");

    public static readonly IPAddress ProviderAddress = IPAddress.Parse("10.99.0.1");
    public static readonly InterfaceAddress ProviderUpstreamAddress = InterfaceAddress.Parse("198.18.0.1/24");
    public static readonly InterfaceAddress InternetAddress = InterfaceAddress.Parse("198.18.0.2/24");

    /// <summary>What the client routes into its tunnel: the internet host's network.</summary>
    public static readonly IPNetwork InternetNetwork = IPNetwork.Parse("198.18.0.0/24");

    /// <summary>Where providers reach the chain, inside their own namespace.</summary>
    public static readonly IPEndPoint ChainEndPoint = new(IPAddress.Loopback, 8545);

    private readonly DevnetChain _chain;
    private readonly List<ProviderSite> _sites = [];

    private ProviderTopology(DevnetChain chain, NetworkLab lab, NetworkSwitch wan, NetworkHost client, NetworkHost internet,
        ProviderSite provider)
    {
        _chain = chain;
        Lab = lab;
        Wan = wan;
        Client = client;
        Internet = internet;
        Provider = provider;
        _sites.Add(provider);
    }

    public NetworkLab Lab { get; }

    public NetworkSwitch Wan { get; }

    public NetworkHost Client { get; }

    public NetworkHost Internet { get; }

    /// <summary>The shared provider's site, with an upstream link to <see cref="Internet"/>.</summary>
    public ProviderSite Provider { get; }

    public static async Task<ProviderTopology> CreateAsync(DevnetChain chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        NetworkLab lab = await NetworkLab.CreateAsync(cancellationToken);
        try
        {
            NetworkSwitch wan = await lab.AddSwitchAsync("wan", cancellationToken);
            NetworkHost client = await lab.AddHostAsync("client", cancellationToken);
            HostInterface clientLink = await lab.AttachAsync(wan, client, new InterfaceAddress(ClientAddress, WanPrefixLength), cancellationToken);
            await client.AddAddressAsync(clientLink.Name, new InterfaceAddress(FloodAddress, WanPrefixLength), cancellationToken);
            await client.AddAddressAsync(clientLink.Name, new InterfaceAddress(BystanderAddress, WanPrefixLength), cancellationToken);

            NetworkHost internet = await lab.AddHostAsync("internet", cancellationToken);
            ProviderSite provider = await CreateSiteAsync(lab, wan, chain, "provider", ProviderAddress, cancellationToken);
            (HostInterface upstream, _) = await lab.ConnectAsync(provider.Host, ProviderUpstreamAddress, internet, InternetAddress, cancellationToken);
            provider.UpstreamInterface = upstream.Name;
            return new ProviderTopology(chain, lab, wan, client, internet, provider);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another provider namespace on the wan (no upstream), e.g. for a provider the test kills or that must fail.</summary>
    public async Task<ProviderSite> AddSiteAsync(string name, IPAddress wanAddress, CancellationToken cancellationToken = default)
    {
        ProviderSite site = await CreateSiteAsync(Lab, Wan, _chain, name, wanAddress, cancellationToken);
        lock (_sites)
        {
            _sites.Add(site);
        }

        return site;
    }

    public async ValueTask DisposeAsync()
    {
        ProviderSite[] sites;
        lock (_sites)
        {
            sites = [.. _sites];
        }

        try
        {
            foreach (ProviderSite site in sites)
            {
                await site.DisposeAsync();
            }
        }
        finally
        {
            await Lab.DisposeAsync();
        }
    }

    private static async Task<ProviderSite> CreateSiteAsync(NetworkLab lab, NetworkSwitch wan, DevnetChain chain, string name,
        IPAddress wanAddress, CancellationToken cancellationToken)
    {
        NetworkHost host = await lab.AddHostAsync(name, cancellationToken);
        await lab.AttachAsync(wan, host, new InterfaceAddress(wanAddress, WanPrefixLength), cancellationToken);
        var anvil = new IPEndPoint(IPAddress.Loopback, chain.RpcUrl.Port);
        PortForward forward = PortForward.Start(host, ChainEndPoint, anvil);
        return new ProviderSite(host, wanAddress, forward);
    }
}
