using Dvpn.Chain.Providers;

namespace Dvpn.Client.Firewall;

/// <summary>No kill switch and no DNS management: for the state machine's own tests and hosts that firewall themselves.</summary>
internal sealed class PassThroughGuard : ITrafficGuard
{
    public static readonly PassThroughGuard Instance = new();

    public FirewallStatus Status { get; } = new(FirewallMode.Off, "", false, false, null);

    public Task BlockAsync(ProviderListing? provider, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OpenTunnelAsync(TunnelOpening tunnel, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReleaseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownAsync(bool keepBlocking) => Task.CompletedTask;
}
