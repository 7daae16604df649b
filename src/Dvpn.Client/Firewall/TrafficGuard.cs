using System.Net;
using System.Net.Sockets;
using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Resolution;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Firewall;

/// <summary>
/// Turns the tunnel's moments into kill switch policies and DNS configuration (DESIGN §6, fail closed). One change at
/// a time: each computes the whole policy for the present moment from the latest intent and settings and replaces the
/// rules in force in one transaction, so concurrent callers can never interleave half-policies.
/// </summary>
internal sealed class TrafficGuard : ITrafficGuard, IDisposable
{
    private readonly IKillSwitch? _killSwitch;
    private readonly IDnsConfigurator? _dns;
    private readonly FirewallOptions _options;
    private readonly IReadOnlyList<IPEndPoint> _chain;
    private readonly Func<CancellationToken, Task<IReadOnlyList<Uri>>> _listedEndpoints;
    private readonly Action<ClientEvent> _publish;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly Lock _gate = new();
    private Intent _intent = new(Moment.Released, null, null);
    private FirewallStatus _status;

    /// <param name="killSwitch">The platform's firewall; null when <see cref="FirewallOptions.KillSwitch"/> is off.</param>
    /// <param name="dns">The DNS configuration; null when <see cref="FirewallOptions.ManageDns"/> is off.</param>
    /// <param name="options">Lockdown, allow-LAN and custom DNS are read from it at every change.</param>
    /// <param name="chainEndpoints">The chain's JSON-RPC endpoints, resolved.</param>
    /// <param name="listedEndpoints">The session endpoints of the listed providers (for the latency probes).</param>
    /// <param name="publish">Publishes <see cref="FirewallChanged"/>.</param>
    /// <param name="logger">The logger.</param>
    public TrafficGuard(IKillSwitch? killSwitch, IDnsConfigurator? dns, FirewallOptions options, IReadOnlyList<IPEndPoint> chainEndpoints,
        Func<CancellationToken, Task<IReadOnlyList<Uri>>> listedEndpoints, Action<ClientEvent> publish, ILogger logger)
    {
        _killSwitch = killSwitch;
        _dns = dns;
        _options = options;
        _chain = chainEndpoints;
        _listedEndpoints = listedEndpoints;
        _publish = publish;
        _logger = logger;
        (bool lockdown, bool allowLan, _) = options.Snapshot();
        _status = new FirewallStatus(FirewallMode.Off, killSwitch?.Name ?? "", lockdown, allowLan, null);
    }

    private enum Moment
    {
        Released,
        Blocking,
        Tunnel,
    }

    public FirewallStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public Task BlockAsync(ProviderListing? provider, CancellationToken cancellationToken) =>
        ChangeAsync(new Intent(Moment.Blocking, provider, null), cancellationToken);

    public async Task OpenTunnelAsync(TunnelOpening tunnel, CancellationToken cancellationToken)
    {
        await ChangeAsync(new Intent(Moment.Tunnel, tunnel.Provider, tunnel), cancellationToken).ConfigureAwait(false);
        if (_dns is null)
        {
            return;
        }

        IReadOnlyList<IPAddress> servers = DnsServers(tunnel, _options.Snapshot().CustomDns);
        if (servers.Count == 0)
        {
            Log.NoDnsServers(_logger);
            return;
        }

        try
        {
            await _dns.ApplyAsync(tunnel.Interface, servers, cancellationToken).ConfigureAwait(false);
            Log.DnsApplied(_logger, _dns.Name, string.Join(", ", servers));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the kill switch already lets DNS go only to these servers through the tunnel, so a resolver
            // left pointing elsewhere fails closed (no answers), it does not leak.
            Log.DnsFailed(_logger, _dns.Name, e);
        }
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await ChangeAsync(new Intent(Moment.Released, null, null), cancellationToken).ConfigureAwait(false);
        await RestoreDnsAsync().ConfigureAwait(false);
    }

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        Intent intent;
        lock (_gate)
        {
            intent = _intent;
        }

        return ChangeAsync(intent, cancellationToken);
    }

    public async Task ShutdownAsync(bool keepBlocking)
    {
        await RestoreDnsAsync().ConfigureAwait(false);
        if (!keepBlocking)
        {
            await ChangeAsync(new Intent(Moment.Released, null, null), CancellationToken.None).ConfigureAwait(false);
        }
        else if (Status.Mode == FirewallMode.Tunnel)
        {
            await ChangeAsync(new Intent(Moment.Blocking, null, null), CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose() => _apply.Dispose();

    /// <summary>The tunnel's DNS servers: the custom ones when set, else the provider's; IPv6 ones only when IPv6 goes
    /// through the tunnel (else the kill switch blocks them anyway).</summary>
    internal static IReadOnlyList<IPAddress> DnsServers(TunnelOpening tunnel, IReadOnlyList<string> custom)
    {
        IEnumerable<IPAddress> chosen = custom.Count > 0 ? custom.Select(IPAddress.Parse) : tunnel.ProviderDns;
        return [.. chosen.Select(PolicyAddress.Plain)
            .Where(a => tunnel.IPv6 || a.AddressFamily == AddressFamily.InterNetwork)
            .Distinct()];
    }

    private async Task ChangeAsync(Intent intent, CancellationToken cancellationToken)
    {
        await _apply.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                _intent = intent;
            }

            (bool lockdown, bool allowLan, IReadOnlyList<string> custom) = _options.Snapshot();
            if (_killSwitch is null)
            {
                SetStatus(new FirewallStatus(FirewallMode.Off, "", lockdown, allowLan, null));
                return;
            }

            FirewallPolicy? policy = await ComputeAsync(intent, lockdown, allowLan, custom, cancellationToken).ConfigureAwait(false);
            FirewallMode mode = policy is null ? FirewallMode.Off : intent.Moment == Moment.Tunnel ? FirewallMode.Tunnel : FirewallMode.Blocking;
            try
            {
                // Never abandoned half-way: the transaction is atomic, and a cancelled caller must not leave the
                // previous moment's rules in force without knowing.
                if (policy is null)
                {
                    await _killSwitch.RemoveAsync(CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _killSwitch.ApplyAsync(policy, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is FirewallException or ArgumentException)
            {
                Log.ApplyFailed(_logger, mode.ToString(), e);
                SetStatus(Status with { Error = e.Message });
                throw e as FirewallException ?? new FirewallException(FirewallFailure.Refused, $"the kill switch policy is invalid: {e.Message}", e);
            }

            Log.Applied(_logger, mode.ToString(), lockdown, allowLan);
            SetStatus(new FirewallStatus(mode, _killSwitch.Name, lockdown, allowLan, null));
        }
        finally
        {
            _apply.Release();
        }
    }

    private async Task<FirewallPolicy?> ComputeAsync(Intent intent, bool lockdown, bool allowLan, IReadOnlyList<string> custom,
        CancellationToken cancellationToken)
    {
        switch (intent.Moment)
        {
            case Moment.Released:
                return lockdown ? FirewallPolicy.Lockdown(allowLan) : null;

            case Moment.Blocking:
                IReadOnlyList<IPEndPoint> providers = intent.Provider is { } chosen
                    ? SessionEndpoints([chosen.Endpoint])
                    : SessionEndpoints(await _listedEndpoints(cancellationToken).ConfigureAwait(false));
                return new FirewallPolicy { ChainEndpoints = _chain, ProviderEndpoints = providers, AllowLan = allowLan };

            default:
                TunnelOpening tunnel = intent.Tunnel!;
                return new FirewallPolicy
                {
                    ChainEndpoints = _chain,
                    ProviderEndpoints = SessionEndpoints([tunnel.Provider.Endpoint]),
                    WireGuardEndpoints = [tunnel.WireGuardEndpoint],
                    TunnelInterface = tunnel.Interface,
                    DnsServers = DnsServers(tunnel, custom),
                    TunnelIPv6 = tunnel.IPv6,
                    AllowLan = allowLan,
                };
        }
    }

    /// <summary>Session endpoints are IP literals in the Directory (host names are refused when the list is read);
    /// anything else cannot be matched by address and stays blocked.</summary>
    private static IReadOnlyList<IPEndPoint> SessionEndpoints(IEnumerable<Uri> endpoints) =>
        [.. endpoints
            .Select(PolicyAddress.LiteralEndpoint)
            .OfType<IPEndPoint>()
            .Distinct()];

    private async Task RestoreDnsAsync()
    {
        if (_dns is null)
        {
            return;
        }

        try
        {
            await _dns.RestoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.DnsRestoreFailed(_logger, _dns.Name, e);
        }
    }

    private void SetStatus(FirewallStatus status)
    {
        lock (_gate)
        {
            if (_status == status)
            {
                return;
            }

            _status = status;
        }

        _publish(new FirewallChanged(status));
    }

    private sealed record Intent(Moment Moment, ProviderListing? Provider, TunnelOpening? Tunnel);
}
