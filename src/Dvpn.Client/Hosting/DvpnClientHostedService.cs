using Microsoft.Extensions.Hosting;

namespace Dvpn.Client.Hosting;

/// <summary>Starts the client with the host and closes its session when the host stops.</summary>
internal sealed class DvpnClientHostedService(DvpnClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => client.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await client.DisposeAsync().ConfigureAwait(false);
}
