using System.Collections.Concurrent;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Userspace;
using Dvpn.WireGuard.Userspace.Backend;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// The provider's WireGuard device and what surrounds it: the gateway addresses on the interface, forwarding and
/// NAT (nftables) to the upstream interface, one peer per session. Thread-safe. Linux only (<see cref="CreateAsync"/>
/// throws <see cref="PlatformNotSupportedException"/> elsewhere); interfaces are driven through
/// <see cref="INetworkInterfaceControl"/> so that callers need no platform guard.
/// </summary>
internal sealed partial class ProviderTunnel : IAsyncDisposable
{
    private readonly IWireGuardDevice _device;
    private readonly INetworkInterfaceControl _control;
    private readonly NftTable _nft;
    private readonly ILogger _logger;

    /// <summary>The managed engine when the device is ours (<c>Provider:Tunnel:Backend=ManagedUserspace</c>), else null.</summary>
    private readonly UserspaceInterface? _engine;

    /// <summary>The peers added and not removed: whose counters the managed engine is asked for.</summary>
    private readonly ConcurrentDictionary<PublicKey, byte> _peers = new();
    private int _disposed;

    private ProviderTunnel(IWireGuardDevice device, INetworkInterfaceControl control, NftTable nft, PublicKey publicKey, ILogger logger)
    {
        _device = device;
        _control = control;
        _nft = nft;
        PublicKey = publicKey;
        _logger = logger;
        _engine = OperatingSystem.IsLinux() && device is ManagedUserspaceDevice managed ? managed.Engine : null;
    }

    /// <summary>
    /// Creates and brings up the device with <paramref name="privateKey"/>, assigns the pool gateways, enables
    /// forwarding and installs the NAT rules; throws with a clear message when any step is impossible.
    /// </summary>
    /// <remarks>
    /// Order: the upstream interface is checked and the nft table installed first (failing before anything is
    /// started), then forwarding is switched on, then the device is made; whatever was done is undone when a later
    /// step fails. An interface of the same name left by a crashed run (wireguard-go outlives a SIGKILLed parent) is
    /// deleted first, and a stale nft table is replaced atomically. The private key is copied into the device, not kept.
    /// </remarks>
    /// <exception cref="ArgumentException">Bad options (an interface name nft or the kernel would not take).</exception>
    /// <exception cref="DataPlaneException">The data plane cannot be built here; the message says why and what to do.</exception>
    public static async Task<ProviderTunnel> CreateAsync(TunnelOptions options, AddressPool pool, PrivateKey privateKey,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the provider's data plane needs Linux (nftables, rtnetlink, IP forwarding)");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Mtu, pool.IPv6 is null ? 576 : 1280, "Provider:Tunnel:Mtu");
        NftRuleset ruleset = new(options.Interface, options.UpstreamInterface, pool, options.PaymentPort, options.BlockPrivateDestinations);
        NftTable nft = new(ruleset, options.CommandPrefix, options.NftPath);
        ILogger logger = loggerFactory.CreateLogger<ProviderTunnel>();
        string where = options.NetworkNamespace is { } ns ? $" in network namespace '{ns}'" : "";

        RtNetlinkInterfaceControl control = OpenInterfaceControl(options.NetworkNamespace);
        bool tableInstalled = false;
        IWireGuardDevice? device = null;
        try
        {
            if (options.UpstreamInterface is { } upstream && !control.InterfaceExists(upstream))
            {
                throw new DataPlaneException(
                    $"the upstream interface '{upstream}' (Provider:Tunnel:UpstreamInterface) does not exist{where}; set it to the interface that leads to the internet (the 'dev' of 'ip route show default')");
            }

            await nft.InstallAsync(cancellationToken);
            tableInstalled = true;
            LogRulesInstalled(logger, nft.Name, options.Interface, options.UpstreamInterface ?? "(none)", options.BlockPrivateDestinations);
            await Forwarding.EnableAsync(options.CommandPrefix, ipv6: pool.IPv6 is not null, cancellationToken);

            IWireGuardBackend backend = await SelectBackendAsync(options, control, loggerFactory, cancellationToken);
            await RemoveLeftoverInterfaceAsync(backend, control, options, logger, cancellationToken);
            device = await Step($"cannot create the WireGuard interface '{options.Interface}'{where}",
                () => backend.CreateAsync(options.Interface, cancellationToken));
            await Step($"cannot configure the WireGuard interface '{options.Interface}'", () => ConfigureAsync(device, control, options, pool, privateKey, cancellationToken));
            LogCreated(logger, options.Interface, backend.Kind, options.ListenPort, pool.IPv4, pool.IPv6?.ToString() ?? "(none)");
            return new ProviderTunnel(device, control, nft, privateKey.PublicKey, logger);
        }
        catch
        {
            if (device is not null)
            {
                await DeleteDeviceAsync(device, logger);
            }

            if (tableInstalled)
            {
                await RemoveTableAsync(nft, logger);
            }

            control.Dispose();
            throw;
        }
    }

    /// <summary>The device's public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The interface name.</summary>
    public string InterfaceName => _device.Name;

    /// <summary>The name of the nftables table (family <c>inet</c>) holding this tunnel's rules.</summary>
    public string TableName => _nft.Name;

    /// <summary>Adds a session's peer, allowed exactly its addresses.</summary>
    /// <exception cref="WireGuardException">The device refused the peer or does not answer.</exception>
    public async Task AddPeerAsync(PublicKey publicKey, SessionAddresses addresses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _device.SetPeerAsync(new PeerConfig { PublicKey = publicKey, AllowedIPs = addresses.AllowedIPs, ReplaceAllowedIPs = true },
            cancellationToken);
        _peers[publicKey] = 0;
        LogPeerAdded(_logger, publicKey, addresses.IPv4, addresses.IPv6?.ToString() ?? "(none)");
    }

    /// <summary>Removes a session's peer (no error when it is already gone).</summary>
    /// <exception cref="WireGuardException">The device does not answer.</exception>
    public async Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _device.RemovePeerAsync(publicKey, cancellationToken);
        _peers.TryRemove(publicKey, out _);
        LogPeerRemoved(_logger, publicKey);
    }

    /// <summary>
    /// Stops forwarding to and from a session's addresses at once, while its peer stays: the payment call to the
    /// gateway still works, so the CutOff can reach the client before <see cref="RemovePeerAsync"/>, and a paused
    /// session can still pay. An nftables cut on every backend: the managed engine's per-peer switch
    /// (<see cref="UserspaceInterface.SetForwarding"/>) drops all of the peer's packets, the payment call's included.
    /// </summary>
    /// <exception cref="DataPlaneException">nft refused.</exception>
    public Task CutAsync(SessionAddresses addresses, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _nft.CutAsync(addresses, cancellationToken);
    }

    /// <summary>Forgets a cut: a paused session resumes, or an ended one's addresses can go back to the pool (after its peer is gone).</summary>
    /// <exception cref="DataPlaneException">nft refused.</exception>
    public Task UncutAsync(SessionAddresses addresses, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _nft.UncutAsync(addresses, cancellationToken);
    }

    /// <summary>
    /// Every peer's counters, read from the device in one call; from the managed engine directly (no UAPI round trip),
    /// with the same meaning: whole WireGuard datagrams each way, as <c>wg</c> counts them.
    /// </summary>
    /// <exception cref="WireGuardException">The device does not answer.</exception>
    public async Task<IReadOnlyDictionary<PublicKey, PeerCounters>> ReadCountersAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_engine is not null && OperatingSystem.IsLinux())
        {
            return ReadEngineCounters(_engine);
        }

        DeviceState state = await _device.GetStateAsync(cancellationToken);
        Dictionary<PublicKey, PeerCounters> counters = new(state.Peers.Count);
        foreach (PeerState peer in state.Peers)
        {
            counters[peer.PublicKey] = new PeerCounters(peer.ReceivedBytes, peer.TransmittedBytes, peer.LastHandshake);
        }

        return counters;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private Dictionary<PublicKey, PeerCounters> ReadEngineCounters(UserspaceInterface engine)
    {
        Dictionary<PublicKey, PeerCounters> counters = new(_peers.Count);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        foreach (PublicKey peer in _peers.Keys)
        {
            peer.WriteTo(key);
            if (engine.GetPeerTraffic(key) is { } traffic)
            {
                // ReceivedBytes/TransmittedBytes are whole datagrams, as wireguard-go's rx_bytes/tx_bytes: what is metered.
                counters[peer] = new PeerCounters((ulong)traffic.ReceivedBytes, (ulong)traffic.TransmittedBytes, traffic.LastHandshake);
            }
        }

        return counters;
    }

    /// <summary>Removes NAT rules, peers and the device. Failures are logged, not thrown; calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DeleteDeviceAsync(_device, _logger);
        await RemoveTableAsync(_nft, _logger);
        (_control as IDisposable)?.Dispose();
        LogDisposed(_logger, InterfaceName);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static RtNetlinkInterfaceControl OpenInterfaceControl(string? networkNamespace)
    {
        try
        {
            return networkNamespace is null ? new RtNetlinkInterfaceControl() : RtNetlinkInterfaceControl.OpenInNamespace(networkNamespace);
        }
        catch (NetlinkException e)
        {
            throw new DataPlaneException($"cannot open rtnetlink to manage interfaces: {e.Message}", e);
        }
    }

    private static async Task ConfigureAsync(IWireGuardDevice device, INetworkInterfaceControl control, TunnelOptions options,
        AddressPool pool, PrivateKey privateKey, CancellationToken cancellationToken)
    {
        await device.ApplyAsync(new InterfaceConfig { PrivateKey = privateKey, ListenPort = options.ListenPort, ReplacePeers = true },
            cancellationToken);
        await control.SetMtuAsync(options.Interface, options.Mtu, cancellationToken);
        await control.SetLinkStateAsync(options.Interface, up: true, cancellationToken);

        // The gateway with the pool's prefix: the kernel then routes the whole pool into the tunnel.
        await control.AddAddressAsync(options.Interface, new InterfaceAddress(pool.GatewayIPv4, pool.IPv4.PrefixLength), cancellationToken);
        if (pool.GatewayIPv6 is { } gateway6)
        {
            await control.AddAddressAsync(options.Interface, new InterfaceAddress(gateway6, pool.IPv6!.Value.PrefixLength), cancellationToken);
        }
    }

    /// <summary>Runs a step against the device or the kernel; its failure becomes a <see cref="DataPlaneException"/> saying what failed.</summary>
    private static async Task<T> Step<T>(string failure, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is WireGuardException or NetlinkException or IOException)
        {
            throw new DataPlaneException($"{failure}: {e.Message}", e);
        }
    }

    private static Task Step(string failure, Func<Task> step) => Step(failure, async () =>
    {
        await step();
        return true;
    });
}
