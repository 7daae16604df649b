using Dvpn.Client.Events;
using Dvpn.Client.Payments;

namespace Dvpn.Client.Sessions;

/// <summary>Why a connected session ended, as the state machine acts on it.</summary>
/// <param name="Kind">What kind of end.</param>
/// <param name="Detail">Human-readable detail (recorded in the session history).</param>
/// <param name="Failure">When the provider is to blame: the reason it is marked with.</param>
/// <param name="Payment">The payment stream's own end, when that is what ended the session.</param>
internal sealed record SessionEnd(SessionEndKind Kind, string Detail, ProviderFailureReason? Failure = null, PaymentEnd? Payment = null);

/// <summary>The kinds of <see cref="SessionEnd"/>.</summary>
internal enum SessionEndKind
{
    /// <summary>The user disconnected or the client is stopping.</summary>
    Stopped,

    /// <summary>The user asked for another provider.</summary>
    ReconnectRequested,

    /// <summary>The provider failed, cheated or ended the session: fail over.</summary>
    ProviderEnded,

    /// <summary>A spending cap was reached.</summary>
    CapReached,

    /// <summary>The account cannot pay (funds).</summary>
    AccountProblem,
}
