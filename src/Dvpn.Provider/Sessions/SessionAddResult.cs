namespace Dvpn.Provider.Sessions;

/// <summary>The outcome of <see cref="SessionManager.TryAdd"/>.</summary>
internal enum SessionAddResult
{
    /// <summary>Registered.</summary>
    Added,
    /// <summary>As many sessions as allowed are open.</summary>
    Full,
    /// <summary>Another session has the WireGuard key.</summary>
    KeyInUse,
    /// <summary>Another session has the id or a tunnel address (a bug elsewhere, or a 2^-128 event).</summary>
    Conflict,
    /// <summary>The provider is stopping and takes no more sessions.</summary>
    Closed,
}
