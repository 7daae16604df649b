namespace Dvpn.Provider.Claims;

/// <summary>Where a winning ticket is in its life. Stored by name (<c>pending</c>, <c>claimed</c>, ...).</summary>
internal enum WinnerState
{
    /// <summary>Queued; the claim worker has not settled it yet.</summary>
    Pending,

    /// <summary>Paid on chain (by a claim transaction, or found already paid in the replay record after a crash).</summary>
    Claimed,

    /// <summary>The contract paid nothing for it (bad signature, unfunded, nonce used) or it cannot be claimed.</summary>
    Skipped,

    /// <summary>Its expiry passed before it was claimed; its value is lost.</summary>
    Expired,
}
