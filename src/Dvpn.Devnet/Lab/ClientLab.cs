using System.Net;
using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Devnet.Lab;

/// <summary>
/// A devnet and a network for end-to-end tests (and benchmarks) of the client library against real providers:
/// <code>
///   client 10.98.0.10 ──┐                       ┌── provider k: wan 10.98.0.(100+k), eth 198.18.k.1/24 ──┐
///   (default dev wan)    wan switch 10.98.0.0/24 ┤                                                       internet (198.18.k.2/24,
///                                               └── provider j: ...                                    ──┘ 203.0.113.1 on lo)
/// </code>
/// The client's namespace has only the wan subnet and an on-link default route, so the library finds a default
/// route but nothing answers beyond the wan: <see cref="InternetService"/> is reachable only through a provider's
/// tunnel, whose NAT (its upstream interface) brings the replies back. Anvil runs in the root namespace; each
/// provider site reaches it through a port forward on its own 127.0.0.1:8545, the client library directly.
/// Needs root, iproute2, nftables, wireguard-go and anvil: <see cref="CreateAsync"/> fails loudly without them.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class ClientLab : IAsyncDisposable
{
    /// <summary>Devnet ether (10^18 wei).</summary>
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    /// <summary>The Directory's minimum stake; every lab provider is staked with it unless told otherwise.</summary>
    public static readonly BigInteger MinStake = 100 * Ether;

    /// <summary>The Directory's unstake delay.</summary>
    public static readonly TimeSpan UnstakeDelay = TimeSpan.FromDays(7);

    /// <summary>The Lottery's warn-to-withdraw delay (long enough that a funded account is safe for providers).</summary>
    public static readonly TimeSpan WithdrawDelay = TimeSpan.FromDays(1);

    /// <summary>The default price: 0.01 ether per GiB.</summary>
    public static readonly BigInteger DefaultPricePerGiB = BigInteger.Pow(10, 16);

    /// <summary>The wan segment every client and provider sits on.</summary>
    public static readonly IPNetwork WanNetwork = IPNetwork.Parse("10.98.0.0/24");

    /// <summary>The client's wan address.</summary>
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.98.0.10");

    /// <summary>The "internet" service address, on the internet host's lo; reachable only through a provider.</summary>
    public static readonly IPAddress InternetService = IPAddress.Parse("203.0.113.1");

    /// <summary>The port of the reachability service on <see cref="InternetService"/> (answers one byte and closes).</summary>
    public const int ReachabilityPort = 7;

    private const int WanPrefixLength = 24;

    private readonly SemaphoreSlim _bankGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<LabProvider> _providers = [];
    private readonly List<IAsyncDisposable> _resources = [];
    private int _nextSite;

    private ClientLab(DevnetChain chain, NetworkLab network, NetworkSwitch wan, NetworkHost client, string clientWanInterface,
        NetworkHost internet, string wireGuardGoPath)
    {
        Chain = chain;
        Network = network;
        Wan = wan;
        Client = client;
        ClientWanInterface = clientWanInterface;
        Internet = internet;
        WireGuardGoPath = wireGuardGoPath;
    }

    /// <summary>Anvil with the contracts.</summary>
    public DevnetChain Chain { get; }

    /// <summary>The namespaces.</summary>
    public NetworkLab Network { get; }

    /// <summary>The wan switch.</summary>
    public NetworkSwitch Wan { get; }

    /// <summary>The client's namespace (give its <see cref="NetworkHost.Namespace"/> to Tunnel:NetworkNamespace).</summary>
    public NetworkHost Client { get; }

    /// <summary>The client's wan link: its only route out, also the default route's device.</summary>
    public string ClientWanInterface { get; }

    /// <summary>The internet host, behind the providers.</summary>
    public NetworkHost Internet { get; }

    /// <summary>The wireguard-go executable found on PATH.</summary>
    public string WireGuardGoPath { get; }

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

    /// <summary>Checks the prerequisites, starts anvil with the contracts and builds the network.</summary>
    /// <exception cref="InvalidOperationException">A prerequisite (nft, wireguard-go) is missing.</exception>
    /// <exception cref="NetworkLabException">Not root, or iproute2 missing.</exception>
    public static async Task<ClientLab> CreateAsync(CancellationToken cancellationToken = default)
    {
        string wireGuardGo = await LabPrerequisites.CheckAsync(cancellationToken);
        NetworkLab network = await NetworkLab.CreateAsync(cancellationToken);
        DevnetChain? chain = null;
        try
        {
            chain = await DevnetChain.StartAsync(MinStake, UnstakeDelay, WithdrawDelay, cancellationToken);
            NetworkSwitch wan = await network.AddSwitchAsync("wan", cancellationToken);
            NetworkHost client = await network.AddHostAsync("client", cancellationToken);
            HostInterface clientLink = await network.AttachAsync(wan, client, new InterfaceAddress(ClientAddress, WanPrefixLength), cancellationToken);
            // On-link default route: what TunnelRouting reads as "the way out"; nothing beyond the wan answers.
            await client.IpAsync(["-4", "route", "add", "default", "dev", clientLink.Name], cancellationToken);

            NetworkHost internet = await network.AddHostAsync("internet", cancellationToken);
            await internet.IpAsync(["addr", "add", $"{InternetService}/32", "dev", "lo"], cancellationToken);
            var lab = new ClientLab(chain, network, wan, client, clientLink.Name, internet, wireGuardGo);
            lab.StartReachabilityService();
            return lab;
        }
        catch
        {
            await network.DisposeAsync();
            if (chain is not null)
            {
                await chain.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Stops every provider (by PID), the lab's servers, the namespaces and anvil.</summary>
    public async ValueTask DisposeAsync()
    {
        LabProvider[] providers;
        IAsyncDisposable[] resources;
        lock (_gate)
        {
            providers = [.. _providers];
            resources = [.. _resources];
            _providers.Clear();
            _resources.Clear();
        }

        var failures = new List<Exception>();
        try
        {
            await LabTeardown.DisposeAllAsync(providers.Reverse<IAsyncDisposable>().Concat(resources.Reverse()), Network, failures);
        }
        finally
        {
            await Chain.DisposeAsync();
            _bankGate.Dispose();
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The client lab did not tear down cleanly.", failures);
        }
    }

    private void Own(IAsyncDisposable resource)
    {
        lock (_gate)
        {
            _resources.Add(resource);
        }
    }
}
