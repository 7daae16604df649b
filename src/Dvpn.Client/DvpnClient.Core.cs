using Dvpn.Client.Discovery;
using Dvpn.Client.Events;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Dvpn.Client.Wallet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client;

public sealed partial class DvpnClient
{
    private readonly DvpnClientOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly EventHub _events;
    private readonly TunnelMachine _machine = new();
#pragma warning disable CS0649, IDE0044 // STUB: assigned by StartAsync (in progress)
    private ClientStore? _store;
    private ProviderCatalog? _providers;
    private DvpnWallet? _wallet;
    private SpendingControl? _spending;
#pragma warning restore CS0649, IDE0044

    private DvpnClient(DvpnClientOptions options, ILoggerFactory? loggerFactory, TimeProvider time)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = time;
        _events = new EventHub(time);
    }

    /// <summary>
    /// Validates the options, opens the data directory and the ledger, loads the keys, connects to the chain, loads
    /// the provider cache, starts the background refresh, and returns the user to the persisted target state (a
    /// client that was secured when it stopped connects again).
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the session cleanly (the target state stays as it is, for the next start) and releases everything.</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();

    private void ThrowIfNotStarted()
    {
        if (_store is null)
        {
            throw NotStarted();
        }
    }

    private static InvalidOperationException NotStarted() => new("The client is not started: call StartAsync first.");
}
