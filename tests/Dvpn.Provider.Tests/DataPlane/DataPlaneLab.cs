using System.Globalization;
using System.Net;
using Dvpn.Provider.DataPlane;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A provider host in a <see cref="NetworkLab"/> with an upstream link to an "internet" host (198.18.0.2,
/// 2001:db8:77::2 and a private 192.168.77.2 on the same link, a <see cref="SourceAddressServer"/> on all of them),
/// and VPN clients in hosts of their own, each with a veth underlay to the provider. All traffic stays in the lab;
/// disposing it removes the clients, the tunnel, the servers and then the lab with every process in it.
/// </summary>
internal sealed class DataPlaneLab : IAsyncDisposable
{
    public const int ServerPort = 8080;
    public static readonly IPAddress InternetServer = IPAddress.Parse("198.18.0.2");
    public static readonly IPAddress ProviderUpstream = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress PrivateServer = IPAddress.Parse("192.168.77.2");
    public static readonly IPAddress ProviderPrivateUpstream = IPAddress.Parse("192.168.77.1");
    public static readonly IPAddress InternetServer6 = IPAddress.Parse("2001:db8:77::2");
    public static readonly IPAddress ProviderUpstream6 = IPAddress.Parse("2001:db8:77::1");

    /// <summary>How long a connection that should work may take (the first packet also starts the WireGuard handshake).</summary>
    public static readonly TimeSpan ReachableTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection that should be dropped is given before it counts as blocked (SYN plus one retry).</summary>
    public static readonly TimeSpan BlockedTimeout = TimeSpan.FromSeconds(2.5);

    private readonly NetworkLab _network;
    private readonly List<LabClient> _clients = [];
    private readonly List<SourceAddressServer> _servers = [];
    private int _nextClient;

    private DataPlaneLab(NetworkLab network, NetworkHost provider, NetworkHost internet, string upstreamInterface)
    {
        _network = network;
        Provider = provider;
        Internet = internet;
        Options = new TunnelOptions
        {
            Interface = network.NewInterfaceName("dvp"),
            ListenPort = 51820,
            IPv4Pool = "10.77.0.0/24",
            IPv6Pool = "fd77:77::/64",
            UpstreamInterface = upstreamInterface,
            PaymentPort = 7001,
            NetworkNamespace = provider.Namespace,
        };
    }

    public NetworkHost Provider { get; }

    public NetworkHost Internet { get; }

    /// <summary>The tunnel settings; change them before <see cref="StartTunnelAsync"/>.</summary>
    public TunnelOptions Options { get; }

    public AddressPool? Pool { get; private set; }

    public ProviderTunnel? Tunnel { get; private set; }

    public ProviderTunnel RunningTunnel => Tunnel ?? throw new InvalidOperationException("the tunnel is not started");

    public static IPEndPoint Internet4 => new(InternetServer, ServerPort);

    public static async Task<DataPlaneLab> CreateAsync()
    {
        NetworkLab network = await NetworkLab.CreateAsync();
        DataPlaneLab? lab = null;
        try
        {
            NetworkHost provider = await network.AddHostAsync("prov");
            NetworkHost internet = await network.AddHostAsync("inet");
            (HostInterface upstream, HostInterface server) = await network.ConnectAsync(provider, "198.18.0.1/24", internet, "198.18.0.2/24");
            foreach ((HostInterface end, string priv, string v6) in new[]
            {
                (upstream, "192.168.77.1/24", "2001:db8:77::1/64"),
                (server, "192.168.77.2/24", "2001:db8:77::2/64"),
            })
            {
                await end.Host.AddAddressAsync(end.Name, InterfaceAddress.Parse(priv));
                await end.Host.AddAddressAsync(end.Name, InterfaceAddress.Parse(v6));
            }

            lab = new DataPlaneLab(network, provider, internet, upstream.Name);

            // Routes back to the pools: used only when the provider forwards without NAT (no upstream interface).
            await internet.AddRouteAsync(IPNetwork.Parse("10.77.0.0/24"), server.Name, ProviderUpstream);
            await internet.AddRouteAsync(IPNetwork.Parse("fd77:77::/64"), server.Name, ProviderUpstream6);
            lab._servers.Add(SourceAddressServer.Start(internet, IPAddress.IPv6Any, ServerPort));
            return lab;
        }
        catch
        {
            await (lab is null ? network.DisposeAsync() : lab.DisposeAsync());
            throw;
        }
    }

    public async Task<ProviderTunnel> StartTunnelAsync()
    {
        Pool = AddressPool.FromOptions(Options);
        using PrivateKey key = PrivateKey.Generate();
        Tunnel = await ProviderTunnel.CreateAsync(Options, Pool, key, NullLoggerFactory.Instance);
        return Tunnel;
    }

    /// <summary>A server inside the provider's namespace (e.g. on the gateway address).</summary>
    public void StartProviderServer(IPAddress address, int port) => _servers.Add(SourceAddressServer.Start(Provider, address, port));

    /// <summary>A server inside a client's namespace.</summary>
    public void StartClientServer(LabClient client, int port) => _servers.Add(SourceAddressServer.Start(client.Host, IPAddress.IPv6Any, port));

    /// <summary>A client with a session: addresses from the pool, its key added as a peer, its tunnel up.</summary>
    public async Task<LabClient> AddClientAsync(bool wantIpv6 = true)
    {
        ProviderTunnel tunnel = RunningTunnel;
        int n = Interlocked.Increment(ref _nextClient);
        NetworkHost host = await _network.AddHostAsync("cli" + n.ToString(CultureInfo.InvariantCulture));
        string underlay = string.Create(CultureInfo.InvariantCulture, $"172.31.{n}");
        await _network.ConnectAsync(Provider, underlay + ".1/30", host, underlay + ".2/30");

        if (!Pool!.TryAllocate(wantIpv6, out SessionAddresses? addresses))
        {
            throw new InvalidOperationException("the lab's pool is full");
        }

        PrivateKey key = PrivateKey.Generate();
        await tunnel.AddPeerAsync(key.PublicKey, addresses);
        LabClient client = await LabClient.StartAsync(host, _network.NewInterfaceName("dvpc"), key, addresses, tunnel.PublicKey,
            new IPEndPoint(IPAddress.Parse(underlay + ".1"), Options.ListenPort));
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception> failures = [];
        foreach (LabClient client in _clients)
        {
            await Try(() => client.DisposeAsync().AsTask());
        }

        if (Tunnel is not null)
        {
            await Try(() => Tunnel.DisposeAsync().AsTask());
        }

        foreach (SourceAddressServer server in _servers)
        {
            await Try(() => server.DisposeAsync().AsTask());
        }

        await Try(() => _network.DisposeAsync().AsTask());
        if (failures.Count > 0)
        {
            throw new AggregateException("the data plane lab did not tear down cleanly", failures);
        }

        async Task Try(Func<Task> step)
        {
            try
            {
                await step();
            }
#pragma warning disable CA1031 // teardown goes on; everything is reported together
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add(e);
            }
        }
    }
}
