using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dvpn.Control.Server.Authorization;

/// <summary>Resolves <see cref="AccessPolicy"/> (reads /etc/group) when the host starts, so a malformed group file
/// stops the daemon at start instead of failing its first call.</summary>
internal sealed class AccessPolicyWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<AccessPolicy>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
