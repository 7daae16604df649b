using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// grpc.health.v1 for the whole daemon (service ""): SERVING once the API and the client (which starts in the
/// background) have started, NOT_SERVING before that and from the moment the host begins to stop, so a supervisor or tray app watching it sees the daemon go away before
/// the socket does. (The tunnel's own state is GetTunnelState's business, not health's.)
/// </summary>
internal sealed class ServingHealthCheck(IHostApplicationLifetime lifetime, Dvpn.Client.DvpnClient client) : IHealthCheck
{
    public const string Name = "dvpnd";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("dvpnd is stopping")
            : lifetime.ApplicationStarted.IsCancellationRequested && client.WaitUntilStartedAsync(CancellationToken.None).IsCompletedSuccessfully
                ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("dvpnd is starting"));
}
