using Dvpn.Chain.Providers;
using Dvpn.Client.State;
using Dvpn.Client.Stats;

namespace Dvpn.Client.Sessions;

/// <summary>A connected session as the state machine drives it (a provider session, or a scripted one in unit tests).</summary>
internal interface IActiveSession : IAsyncDisposable
{
    ProviderRef Provider { get; }

    SessionInfo Info { get; }

    DateTimeOffset Since { get; }

    SessionStats Stats { get; }

    /// <summary>Completes when the session ends (see <see cref="SessionEnd"/>); never faults.</summary>
    Task<SessionEnd> WaitEndAsync(CancellationToken stop, CancellationToken reconnect);

    /// <summary>Ends the session (a clean end tells the provider); idempotent.</summary>
    Task TearDownAsync(bool clean, string reason);
}

/// <summary>Opens sessions: throws <see cref="SessionSetupException"/> when a provider cannot be used.</summary>
internal interface ISessionFactory
{
    Task<IActiveSession> ConnectAsync(ProviderListing listing, Action<ConnectPhase> phase, CancellationToken cancellationToken);
}
