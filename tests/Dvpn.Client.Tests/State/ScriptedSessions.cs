using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Sessions;
using Dvpn.Client.State;
using Dvpn.Client.Stats;

namespace Dvpn.Client.Tests.State;

/// <summary>
/// The state machine's collaborators, scripted: providers that connect or refuse, sessions the test ends with a chosen
/// <see cref="SessionEnd"/>. Everything else the machine uses (the SQLite store, the event hub) is real.
/// </summary>
internal sealed class ScriptedSessions(TimeProvider time) : ISessionFactory
{
    private readonly ConcurrentDictionary<string, Func<SessionSetupException?>> _setup = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<ScriptedSession> Opened { get; } = new();

    public ConcurrentQueue<string> Attempts { get; } = new();

    /// <summary>Makes connecting to <paramref name="address"/> throw what <paramref name="failure"/> returns (null: succeed).</summary>
    public void OnConnect(string address, Func<SessionSetupException?> failure) => _setup[address] = failure;

    public Task<IActiveSession> ConnectAsync(ProviderListing listing, Action<ConnectPhase> phase, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Attempts.Enqueue(listing.Address);
        if (_setup.TryGetValue(listing.Address, out Func<SessionSetupException?>? script) && script() is { } failure)
        {
            throw failure;
        }

        phase(ConnectPhase.Handshaking);
        phase(ConnectPhase.Paying);
        var session = new ScriptedSession(listing, Opened.Count + 1, time.GetUtcNow());
        Opened.Enqueue(session);
        return Task.FromResult<IActiveSession>(session);
    }

    public static ProviderListing Listing(string address, string region = "lab", long price = 1000, long stake = 100) =>
        new(address, new Uri("https://192.0.2.1:8443"), [.. new byte[32]], [.. new byte[32]], new BigInteger(price), region,
            ImmutableArray<byte>.Empty, new BigInteger(stake), Listed: true);
}

/// <summary>A connected session that ends when the test says so.</summary>
internal sealed class ScriptedSession(ProviderListing listing, int number, DateTimeOffset since) : IActiveSession
{
    private readonly TaskCompletionSource<SessionEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ProviderRef Provider { get; } = new(listing.Address, listing.Region, listing.PricePerGiB);

    public SessionInfo Info { get; } = new($"{number:x32}", "dvpn-test", ["10.0.0.2/32"], [], 1420, "192.0.2.1:51820", listing.PricePerGiB, 0,
        DateTimeOffset.MaxValue);

    public DateTimeOffset Since { get; } = since;

    public SessionStats Stats => new(Info.SessionId, Provider, Since, 0, 0, 0, 0, 0, 0, 0, 0, null);

    public bool? ClosedCleanly { get; private set; }

    public string? CloseReason { get; private set; }

    public bool Disposed { get; private set; }

    public void End(SessionEnd end) => _end.TrySetResult(end);

    public async Task<SessionEnd> WaitEndAsync(CancellationToken stop, CancellationToken reconnect)
    {
        var stopped = new TaskCompletionSource<SessionEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration a = stop.Register(() => stopped.TrySetResult(new SessionEnd(SessionEndKind.Stopped, "stopped")));
        using CancellationTokenRegistration b = reconnect.Register(() => stopped.TrySetResult(new SessionEnd(SessionEndKind.ReconnectRequested, "reconnect")));
        return await await Task.WhenAny(_end.Task, stopped.Task);
    }

    public Task TearDownAsync(bool clean, string reason)
    {
        ClosedCleanly ??= clean;
        CloseReason ??= reason;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
