namespace Dvpn.Provider.Sessions;

/// <summary>What a session's forwarding needs after a look at its ledger (<see cref="Session.CheckForwarding"/>).</summary>
internal enum ForwardingChange
{
    /// <summary>Leave it as it is.</summary>
    None,

    /// <summary>Unpaid use is over the credit limit: stop forwarding, keep the session and its payment stream.</summary>
    Pause,

    /// <summary>Paid back under the limit while paused: forward again.</summary>
    Resume,
}
