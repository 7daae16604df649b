using System.Net;
using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// The leak test's lab (issue 8): a client host whose only way out is one uplink to a "router" that stands for the
/// internet, with the router counting and printing what crosses that uplink.
/// <code>
///   lanhost 192.168.77.2 ── client 192.168.77.1 (LAN)
///                           client 198.51.100.2, 2001:db8:c::2 ── router 198.51.100.1, 2001:db8:c::1   [capture here]
///                                                                 router 198.18.k.1 ── provider k 198.18.k.2 (NAT)
///   router lo: 203.0.113.1 / 2001:db8:ff::1 (TCP byte :7, UDP echo :7, discard :9), 203.0.113.53 (ISP resolver),
///              203.0.113.54 (the providers' resolver), 192.0.2.10:8545 (chain, forwarded to anvil in the root namespace)
/// </code>
/// Every address but the LAN's is outside the LAN ranges, so allow-LAN cannot open the internet. dvpnd runs inside
/// the client host (<see cref="LaunchDaemon"/>), which sees <see cref="IspResolver"/> in its resolv.conf.
/// Needs root, iproute2, nftables, tcpdump, wireguard-go and anvil; fails loudly without them.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class LeakLab : IAsyncDisposable
{
    /// <summary>Devnet ether (10^18 wei).</summary>
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    /// <summary>The client's uplink address.</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("198.51.100.2");

    /// <summary>The router's address towards the client (the client's default gateway).</summary>
    public static readonly IPAddress RouterAddress = IPAddress.Parse("198.51.100.1");

    /// <summary>The client's uplink IPv6 address.</summary>
    public static readonly IPAddress ClientAddressV6 = IPAddress.Parse("2001:db8:c::2");

    /// <summary>The router's IPv6 address towards the client (the client's IPv6 default gateway).</summary>
    public static readonly IPAddress RouterAddressV6 = IPAddress.Parse("2001:db8:c::1");

    /// <summary>The "internet" service address (router's lo): TCP byte and UDP echo on <see cref="ServicePort"/>, discard on <see cref="DiscardPort"/>.</summary>
    public static readonly IPAddress InternetService = IPAddress.Parse("203.0.113.1");

    /// <summary>The same service over IPv6.</summary>
    public static readonly IPAddress InternetServiceV6 = IPAddress.Parse("2001:db8:ff::1");

    /// <summary>The resolver outside the tunnel (the client's resolv.conf names it while disconnected).</summary>
    public static readonly IPAddress IspResolver = IPAddress.Parse("203.0.113.53");

    /// <summary>The resolver the providers assign (their <c>Tunnel:Dns</c>).</summary>
    public static readonly IPAddress AssignedResolver = IPAddress.Parse("203.0.113.54");

    /// <summary>What <see cref="IspResolver"/> answers to every A query.</summary>
    public static readonly IPAddress IspResolverMarker = IPAddress.Parse("192.0.2.53");

    /// <summary>What <see cref="AssignedResolver"/> answers to every A query.</summary>
    public static readonly IPAddress AssignedResolverMarker = IPAddress.Parse("192.0.2.54");

    /// <summary>Where the client reaches the chain: a forward on the router's lo to anvil in the root namespace.</summary>
    public static readonly IPEndPoint ChainEndPoint = new(IPAddress.Parse("192.0.2.10"), 8545);

    /// <summary>The client's LAN address.</summary>
    public static readonly IPAddress ClientLanAddress = IPAddress.Parse("192.168.77.1");

    /// <summary>The LAN host (TCP byte service on <see cref="ServicePort"/>).</summary>
    public static readonly IPAddress LanHostAddress = IPAddress.Parse("192.168.77.2");

    /// <summary>The TCP byte and UDP echo port.</summary>
    public const int ServicePort = 7;

    /// <summary>The discard port.</summary>
    public const int DiscardPort = 9;

    private readonly SemaphoreSlim _bankGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<LabProvider> _providers = [];
    private readonly List<IAsyncDisposable> _resources = [];
    private readonly List<IDisposable> _accounts = [];
    private int _nextSite;

    private LeakLab(DevnetChain chain, NetworkLab network, string wireGuardGoPath)
    {
        Chain = chain;
        Network = network;
        WireGuardGoPath = wireGuardGoPath;
    }

    /// <summary>Anvil with the contracts.</summary>
    public DevnetChain Chain { get; }

    /// <summary>The namespaces.</summary>
    public NetworkLab Network { get; }

    /// <summary>The wireguard-go executable found on PATH.</summary>
    public string WireGuardGoPath { get; }

    /// <summary>The router ("the internet").</summary>
    public NetworkHost Router { get; private set; } = null!;

    /// <summary>The client host, where dvpnd runs.</summary>
    public NetworkHost Client { get; private set; } = null!;

    /// <summary>A host on the client's LAN.</summary>
    public NetworkHost LanHost { get; private set; } = null!;

    /// <summary>The client's uplink device.</summary>
    public string ClientUplink { get; private set; } = "";

    /// <summary>The router's device towards the client, where the capture runs.</summary>
    public string RouterDownlink { get; private set; } = "";

    /// <summary>The outside resolver.</summary>
    public DnsResponder Isp { get; private set; } = null!;

    /// <summary>The providers' resolver.</summary>
    public DnsResponder Assigned { get; private set; } = null!;

    /// <summary>The client host's resolv.conf as <c>ip netns exec</c> shows it to dvpnd (written before dvpnd starts).</summary>
    public string ResolvConfPath => Path.Combine(NetnsEtc, "resolv.conf");

    /// <summary>The providers started so far (killed ones included).</summary>
    public IReadOnlyList<LabProvider> Providers
    {
        get
        {
            lock (_gate)
            {
                return [.. _providers];
            }
        }
    }

    private string NetnsEtc => Path.Combine("/etc/netns", Client.Namespace);

    /// <summary>Checks the prerequisites, starts anvil with the contracts and builds the network and its services.</summary>
    public static async Task<LeakLab> CreateAsync(CancellationToken cancellationToken = default)
    {
        string wireGuardGo = await LabPrerequisites.CheckAsync(cancellationToken);
        NetworkLab network = await NetworkLab.CreateAsync(cancellationToken);
        DevnetChain? chain = null;
        LeakLab? lab = null;
        try
        {
            chain = await DevnetChain.StartAsync(ClientLab.MinStake, ClientLab.UnstakeDelay, ClientLab.WithdrawDelay, cancellationToken);
            lab = new LeakLab(chain, network, wireGuardGo);
            await lab.BuildAsync(cancellationToken);
            return lab;
        }
        catch
        {
            if (lab is not null)
            {
                await lab.DisposeAsync();
            }
            else
            {
                await network.DisposeAsync();
                if (chain is not null)
                {
                    await chain.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>Stops providers, services and processes (by PID), deletes the namespaces and the resolv.conf, stops anvil.</summary>
    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] resources;
        IDisposable[] accounts;
        lock (_gate)
        {
            resources = [.. _providers.Reverse<IAsyncDisposable>(), .. _resources.Reverse<IAsyncDisposable>()];
            accounts = [.. _accounts];
            _providers.Clear();
            _resources.Clear();
            _accounts.Clear();
        }

        var failures = new List<Exception>();
        try
        {
            await LabTeardown.DisposeAllAsync(resources, Network, failures);
        }
        finally
        {
            if (Client is not null && Directory.Exists(NetnsEtc))
            {
                Directory.Delete(NetnsEtc, recursive: true);
            }

            foreach (IDisposable account in accounts)
            {
                account.Dispose();
            }

            await Chain.DisposeAsync();
            _bankGate.Dispose();
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The leak lab did not tear down cleanly.", failures);
        }
    }

    /// <summary>Keeps <paramref name="resource"/> until the lab is disposed (disposed in reverse order).</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        lock (_gate)
        {
            _resources.Add(resource);
        }

        return resource;
    }
}
