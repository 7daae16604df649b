using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Dvpn.Provider.DataPlane;
using Dvpn.WireGuard;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A provider in its own namespace with an upstream veth to an "internet" namespace (198.18.0.2, 2001:db8:77::2 and a
/// private 192.168.77.2 on the same link, a <see cref="LabTcpServer"/> on all of them), and VPN clients in namespaces
/// of their own, each with a veth underlay to the provider. All traffic stays in these namespaces; disposing the lab
/// removes them, the processes in them and the tunnel.
/// </summary>
internal sealed class DataPlaneLab : IAsyncDisposable
{
    public const int ServerPort = 8080;
    public const string UpstreamInterface = "wan0";
    public static readonly IPAddress InternetServer = IPAddress.Parse("198.18.0.2");
    public static readonly IPAddress ProviderUpstream = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress PrivateServer = IPAddress.Parse("192.168.77.2");
    public static readonly IPAddress ProviderPrivateUpstream = IPAddress.Parse("192.168.77.1");
    public static readonly IPAddress InternetServer6 = IPAddress.Parse("2001:db8:77::2");
    public static readonly IPAddress ProviderUpstream6 = IPAddress.Parse("2001:db8:77::1");

    private readonly List<LabClient> _clients = [];
    private readonly List<LabNamespace> _namespaces = [];
    private readonly List<LabTcpServer> _servers = [];
    private readonly string _tag = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 5);
    private int _nextClient;

    private DataPlaneLab(LabNamespace provider, LabNamespace internet)
    {
        Provider = provider;
        Internet = internet;
        _namespaces.Add(internet);
        _namespaces.Add(provider);
        Options = new TunnelOptions
        {
            Interface = $"dvp{_tag}p",
            ListenPort = 51820,
            IPv4Pool = "10.77.0.0/24",
            IPv6Pool = "fd77:77::/64",
            UpstreamInterface = UpstreamInterface,
            PaymentPort = 7001,
            NetworkNamespace = provider.Name,
        };
    }

    public LabNamespace Provider { get; }

    public LabNamespace Internet { get; }

    /// <summary>The tunnel settings; change them before <see cref="StartTunnelAsync"/>.</summary>
    public TunnelOptions Options { get; }

    public AddressPool? Pool { get; private set; }

    public ProviderTunnel? Tunnel { get; private set; }

    public ProviderTunnel RunningTunnel => Tunnel ?? throw new InvalidOperationException("the tunnel is not started");

    public static IPEndPoint Internet4 => new(InternetServer, ServerPort);

    public static async Task<DataPlaneLab> CreateAsync()
    {
        LabNamespace provider = await LabNamespace.CreateAsync("prov");
        LabNamespace? internet = null;
        try
        {
            internet = await LabNamespace.CreateAsync("inet");
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        DataPlaneLab lab = new(provider, internet);
        try
        {
            await LabCommand.RunCheckedAsync(["ip", "link", "add", "name", UpstreamInterface, "netns", provider.Name, "type", "veth",
                "peer", "name", UpstreamInterface, "netns", internet.Name]);
            foreach ((LabNamespace ns, string v4, string priv, string v6) in new[]
            {
                (provider, "198.18.0.1/24", "192.168.77.1/24", "2001:db8:77::1/64"),
                (internet, "198.18.0.2/24", "192.168.77.2/24", "2001:db8:77::2/64"),
            })
            {
                await ns.IpAsync("address", "add", v4, "dev", UpstreamInterface);
                await ns.IpAsync("address", "add", priv, "dev", UpstreamInterface);
                await ns.IpAsync("address", "add", v6, "dev", UpstreamInterface, "nodad");
                await ns.IpAsync("link", "set", "dev", UpstreamInterface, "up");
            }

            // Routes back to the pools: used only when the provider forwards without NAT (no upstream interface).
            await internet.IpAsync("route", "add", "10.77.0.0/24", "via", "198.18.0.1");
            await internet.IpAsync("-6", "route", "add", "fd77:77::/64", "via", "2001:db8:77::1");
            lab._servers.Add(LabTcpServer.Start(internet, IPAddress.IPv6Any, ServerPort));
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
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
    public void StartProviderServer(IPAddress address, int port) => _servers.Add(LabTcpServer.Start(Provider, address, port));

    /// <summary>A server inside a client's namespace.</summary>
    public void StartClientServer(LabClient client, int port) => _servers.Add(LabTcpServer.Start(client.Namespace, IPAddress.IPv6Any, port));

    /// <summary>A client with a session: addresses from the pool, its key added as a peer, its tunnel up.</summary>
    public async Task<LabClient> AddClientAsync(bool wantIpv6 = true)
    {
        ProviderTunnel tunnel = RunningTunnel;
        int n = Interlocked.Increment(ref _nextClient);
        LabNamespace ns = await LabNamespace.CreateAsync("cli" + n.ToString(CultureInfo.InvariantCulture));
        _namespaces.Add(ns);
        string providerSide = "c" + n.ToString(CultureInfo.InvariantCulture);
        string underlay = string.Create(CultureInfo.InvariantCulture, $"172.31.{n}");
        await LabCommand.RunCheckedAsync(["ip", "link", "add", "name", providerSide, "netns", Provider.Name, "type", "veth",
            "peer", "name", "ul", "netns", ns.Name]);
        await Provider.IpAsync("address", "add", underlay + ".1/30", "dev", providerSide);
        await Provider.IpAsync("link", "set", "dev", providerSide, "up");
        await ns.IpAsync("address", "add", underlay + ".2/30", "dev", "ul");
        await ns.IpAsync("link", "set", "dev", "ul", "up");

        if (!Pool!.TryAllocate(wantIpv6, out SessionAddresses? addresses))
        {
            throw new InvalidOperationException("the lab's pool is full");
        }

        PrivateKey key = PrivateKey.Generate();
        await tunnel.AddPeerAsync(key.PublicKey, addresses);
        LabClient client = await LabClient.StartAsync(ns, $"dvp{_tag}{n}", key, addresses, tunnel.PublicKey,
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

        foreach (LabTcpServer server in _servers)
        {
            await Try(() => server.DisposeAsync().AsTask());
        }

        foreach (LabNamespace ns in Enumerable.Reverse(_namespaces))
        {
            await Try(() => ns.DisposeAsync().AsTask());
        }

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
