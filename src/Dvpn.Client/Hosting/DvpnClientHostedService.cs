using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dvpn.Client.Hosting;

/// <summary>Starts the client with the host (waiting for it, or in the background: <see cref="DvpnClientHostingOptions"/>)
/// and closes its session when the host stops.</summary>
internal sealed partial class DvpnClientHostedService(DvpnClient client, IOptions<DvpnClientHostingOptions> hosting,
    IHostApplicationLifetime lifetime, ILogger<DvpnClientHostedService> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!hosting.Value.StartInBackground)
        {
            return client.StartAsync(cancellationToken);
        }

        _starting = StartInBackgroundAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _starting.ConfigureAwait(false); // never faults
        await client.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StartInBackgroundAsync()
    {
        try
        {
            await client.StartAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host stopped first.
        }
#pragma warning disable CA1031 // the failure stays on WaitUntilStartedAsync; here it stops the application
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStartFailed(logger, e);
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "The client could not start; stopping")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
