namespace Dvpn.Provider.Sessions;

/// <summary>Stops and restores a session's forwarding, leaving its payment endpoint reachable (the tunnel's cut).</summary>
internal interface ISessionForwarding
{
    /// <summary>Stops forwarding to and from the session's addresses; its peer and payment call stay.</summary>
    Task CutAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Forwards the session's traffic again.</summary>
    Task UncutAsync(Session session, CancellationToken cancellationToken);
}
