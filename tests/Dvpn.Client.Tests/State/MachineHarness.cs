using Dvpn.Chain.Providers;
using Dvpn.Client.Events;
using Dvpn.Client.Firewall;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Client.Tests.State;

/// <summary>
/// A <see cref="TunnelMachine"/> on a fake clock with scripted providers, a real store in a temp directory, and a
/// subscription that records every event. Selection is "the first listed provider that is neither excluded nor marked".
/// </summary>
internal sealed class MachineHarness : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("dvpn-machine-").FullName;

    public MachineHarness(params string[] providers)
    {
        Providers = [.. providers.Select(p => ScriptedSessions.Listing(p))];
        Sessions = new ScriptedSessions(Time);
        Store = ClientStore.Open(Path.Combine(_directory, "client.db"), Time);
        Events = new EventHub(Time);
        Subscription = Events.Subscribe(1024, () => new TunnelStateChanged(Machine?.State ?? new Disconnected(false), Machine?.Target ?? TargetState.Unsecured));
        Machine = CreateMachine();
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public List<ProviderListing> Providers { get; }

    public ScriptedSessions Sessions { get; }

    public ClientStore Store { get; }

    public EventHub Events { get; }

    public ClientEventSubscription Subscription { get; }

    public TunnelMachine Machine { get; private set; }

    public SpendPolicy Policy { get; set; } = new(null, null, null, null, SpendCapAction.Disconnect, 0.8);

    public SelectionOptions Selection { get; } = new() { FailurePenalty = TimeSpan.FromMinutes(10), OverClaimPenalty = TimeSpan.FromDays(30) };

    public ReconnectOptions Reconnect { get; } = new() { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(30) };

    public List<ClientEvent> Seen { get; } = [];

    /// <summary>The kill switch the next machine gets (set it, then <see cref="RestartAsync"/>); none by default.</summary>
    public ITrafficGuard? Guard { get; set; }

    public TunnelMachine CreateMachine() =>
        new(new MachineDependencies(Sessions, SelectAsync, Store, Events, () => Policy, Selection, Reconnect, Time, NullLogger.Instance, Guard));

    /// <summary>A second machine on the same store, as after a restart.</summary>
    public async Task<TunnelMachine> RestartAsync()
    {
        await Machine.DisposeAsync();
        Machine = CreateMachine();
        return Machine;
    }

    /// <summary>Reads events until one matches; fails after <see cref="Deadline"/> (a deadline, not a measurement).</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : ClientEvent
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            ClientEvent e;
            try
            {
                e = await Subscription.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {typeof(T).Name} matching within {Deadline}. Seen: {string.Join(" | ", Seen)}");
            }

            Seen.Add(e);
            if (e is T t && (match is null || match(t)))
            {
                return t;
            }
        }
    }

    public Task<TunnelStateChanged> WaitForStateAsync<TState>(Func<TState, bool>? match = null)
        where TState : TunnelState =>
        WaitForAsync<TunnelStateChanged>(e => e.State is TState s && (match is null || match(s)));

    /// <summary>Advances the fake clock in small steps until <paramref name="done"/> completes (backoff timers fire).</summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> done, TimeSpan step)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!done.IsCompleted)
        {
            deadline.Token.ThrowIfCancellationRequested();
            Time.Advance(step);
            await Task.WhenAny(done, Task.Delay(10));
        }

        return await done;
    }

    public async ValueTask DisposeAsync()
    {
        await Machine.DisposeAsync();
        await Subscription.DisposeAsync();
        Store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<ProviderListing?> SelectAsync(SelectionRequest? request, IReadOnlySet<string> exclude, CancellationToken cancellationToken)
    {
        HashSet<string> marked = [.. Store.GetActiveMarks(Time.GetUtcNow()).Select(m => m.Address.ToLowerInvariant())];
        ProviderListing? choice = Providers.FirstOrDefault(p =>
            (request?.Provider is null || string.Equals(request.Provider, p.Address, StringComparison.OrdinalIgnoreCase))
            && !exclude.Contains(p.Address) && !marked.Contains(p.Address.ToLowerInvariant()));
        return Task.FromResult(choice);
    }
}
