using System.Runtime.Versioning;
using Dvpn.Client.Options;
using Dvpn.Devnet.Lab;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.Support;

/// <summary>
/// A DvpnClient in the test process for one end-to-end test: its own funded account and data directory, tunnel in the
/// lab's client namespace, logs in the test output, events recorded from before the start. Disposing disposes the
/// client (closing its session), then removes the account's files.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LabClient : IAsyncDisposable
{
    private readonly ILoggerFactory _logs;

    private LabClient(LabClientAccount account, DvpnClientOptions options, DvpnClient client, EventRecorder events, ILoggerFactory logs)
    {
        Account = account;
        Options = options;
        Client = client;
        Events = events;
        _logs = logs;
    }

    public LabClientAccount Account { get; }

    public DvpnClientOptions Options { get; }

    public DvpnClient Client { get; }

    public EventRecorder Events { get; }

    /// <summary>Creates the account and the client with options for <paramref name="region"/>, adjusted by <paramref name="configure"/>, and starts it.</summary>
    public static async Task<LabClient> StartAsync(ClientLab lab, ITestOutputHelper output, string region, Action<DvpnClientOptions>? configure = null)
    {
        LabClientAccount account = await lab.CreateClientAccountAsync();
        DvpnClientOptions options = account.CreateOptions(region);
        configure?.Invoke(options);
        ILoggerFactory logs = TestOutputLoggerProvider.Factory(output);
        var client = DvpnClient.Create(options, logs);
        var started = new LabClient(account, options, client, EventRecorder.Start(client), logs);
        try
        {
            await client.StartAsync();
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Events.DisposeAsync();
            await Client.DisposeAsync();
        }
        finally
        {
            _logs.Dispose();
            Account.Dispose();
        }
    }
}
