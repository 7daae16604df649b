using System.Runtime.Versioning;
using Dvpn.Control.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Cli.Demo;

/// <summary>
/// Follows dvpnd's event stream (EventService.WatchEvents) for the whole demo and prints each event as a progress
/// line: the opening snapshot, every tunnel state change with its sequence number, provider failures and spend
/// warnings.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class EventPrinter : IAsyncDisposable
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(10);

    private readonly TextWriter _out;
    private readonly DemoNetwork _network;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;
    private readonly TaskCompletionSource _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    private EventPrinter(TextWriter output, DemoNetwork network, GrpcChannel channel, CancellationToken cancellationToken)
    {
        _out = output;
        _network = network;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reading = ReadAsync(new EventService.EventServiceClient(channel), _stop.Token);
    }

    /// <summary>Events received so far.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Subscribes and returns once the opening snapshot has been printed, so it shows the state before the demo acts.</summary>
    public static async Task<EventPrinter> StartAsync(TextWriter output, DemoNetwork network, CancellationToken cancellationToken)
    {
        var printer = new EventPrinter(output, network, network.Channel, cancellationToken);
        try
        {
            await printer._snapshot.Task.WaitAsync(SnapshotTimeout, cancellationToken);
            return printer;
        }
        catch
        {
            await printer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(EventService.EventServiceClient events, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using AsyncServerStreamingCall<Event> call = events.WatchEvents(new WatchEventsRequest(), cancellationToken: cancellationToken);
        try
        {
            await foreach (Event e in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                Interlocked.Increment(ref _received);
                if (Describe(e) is { } line)
                {
                    _out.WriteLine($"  event #{e.Sequence,-3} {line}");
                }

                _snapshot.TrySetResult();
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled || cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _snapshot.TrySetException(e);
            throw;
        }
    }

    private string? Describe(Event e) => e.KindCase switch
    {
        Event.KindOneofCase.Snapshot => $"snapshot: {Describe(e.Snapshot.State)} (target {Target(e.Snapshot.Target)})",
        Event.KindOneofCase.Resync => $"resync after {e.Resync.Dropped} dropped events: {Describe(e.Resync.Snapshot.State)}",
        Event.KindOneofCase.TunnelStateChanged => $"{Describe(e.TunnelStateChanged.State)} (target {Target(e.TunnelStateChanged.Target)})",
        Event.KindOneofCase.ProviderFailed =>
            $"provider {_network.NameOf(e.ProviderFailed.Provider)} failed: {e.ProviderFailed.Reason} {e.ProviderFailed.Detail}",
        Event.KindOneofCase.SpendWarning => $"spend warning: {e.SpendWarning.Cap} cap, {Units.Eth(e.SpendWarning.Spent)} of {Units.Eth(e.SpendWarning.Limit)}",
        Event.KindOneofCase.SpendLimitReached => $"spend limit reached: {e.SpendLimitReached.Cap} cap at {Units.Eth(e.SpendLimitReached.Limit)}",
        Event.KindOneofCase.ProvidersRefreshed =>
            $"providers refreshed at block {e.ProvidersRefreshed.BlockNumber}: {e.ProvidersRefreshed.Listed} listed, {e.ProvidersRefreshed.Rejected} rejected",
        Event.KindOneofCase.FirewallChanged => $"kill switch: {Commands.Describe.Firewall(e.FirewallChanged.Status)}",
        _ => null,
    };

    private string Describe(TunnelState state) => state.StateCase switch
    {
        TunnelState.StateOneofCase.Disconnected => state.Disconnected.LockedDown ? "disconnected (locked down)" : "disconnected",
        TunnelState.StateOneofCase.Connecting => state.Connecting.Provider is { } p
            ? $"connecting to {_network.NameOf(p.Address)}: {Phase(state.Connecting.Phase)} (attempt {state.Connecting.Attempt})"
            : $"connecting: {Phase(state.Connecting.Phase)} (attempt {state.Connecting.Attempt})",
        TunnelState.StateOneofCase.Connected =>
            $"connected to {_network.NameOf(state.Connected.Provider.Address)} ({state.Connected.Provider.Region}), interface {state.Connected.Session.InterfaceName}, address {string.Join(", ", state.Connected.Session.Addresses)}",
        TunnelState.StateOneofCase.Disconnecting => "disconnecting",
        TunnelState.StateOneofCase.Error => $"error {state.Error.Cause}: {state.Error.Detail}",
        _ => "unknown state",
    };

    private static string Phase(ConnectPhase phase) => phase switch
    {
        ConnectPhase.Selecting => "selecting",
        ConnectPhase.Opening => "opening a session",
        ConnectPhase.Handshaking => "WireGuard handshake",
        ConnectPhase.Paying => "first payment",
        _ => "starting",
    };

    private static string Target(TargetState target) => target switch
    {
        TargetState.Secured => "secured",
        TargetState.Unsecured => "unsecured",
        _ => "unset",
    };
}
