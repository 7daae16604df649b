using Dvpn.Client;
using Dvpn.Client.Events;
using Microsoft.Extensions.Hosting;

namespace DvpnClient.Sample;

/// <summary>Prints every client event as one line and, with <c>--connect</c>, asks for a tunnel once the client runs.</summary>
internal sealed class StatePrinter(Dvpn.Client.DvpnClient client, SampleSettings settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using ClientEventSubscription events = client.Subscribe();
        if (settings.Connect)
        {
            _ = ConnectAsync(stoppingToken);
        }

        try
        {
            await foreach (ClientEvent e in events.ReadAllAsync(stoppingToken))
            {
                if (EventLine.Format(e) is { } line)
                {
                    Console.WriteLine(line);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ConnectAsync(CancellationToken stoppingToken)
    {
        try
        {
            await client.ConnectAsync(cancellationToken: stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DvpnClientException e)
        {
            // The client keeps trying in the background unless the cause needs the user; the state lines say which.
            Console.WriteLine($"CONNECT failed: {e.Message}");
        }
    }
}
