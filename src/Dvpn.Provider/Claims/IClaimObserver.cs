namespace Dvpn.Provider.Claims;

/// <summary>
/// Hears what the claim worker settles, for metrics. Called on the worker's loop after the store is updated;
/// implementations must be quick and must not throw.
/// </summary>
internal interface IClaimObserver
{
    /// <summary>A claim transaction landed (whatever it paid).</summary>
    void ClaimLanded(ClaimOutcome outcome);

    /// <summary><paramref name="count"/> winners expired unclaimed (their value is lost).</summary>
    void WinnersExpired(int count);

    /// <summary><paramref name="count"/> winners were found already paid on chain (a claim sent before a crash).</summary>
    void WinnersRecovered(int count);
}
