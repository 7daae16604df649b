using System.Numerics;

namespace Dvpn.Client.Options;

/// <summary>What happens when a spending cap is reached.</summary>
public enum SpendCapAction
{
    /// <summary>Close the session and go to Disconnected (the user asked for no more spending).</summary>
    Disconnect = 1,

    /// <summary>Close the session and stay in a blocking error state: no traffic leaves outside a tunnel until the
    /// user raises the cap or disconnects.</summary>
    Block = 2,
}

/// <summary>
/// Spending caps, enforced from the on-disk ledger before every ticket is signed: a ticket that would take the
/// expected spend past a cap is never signed. Amounts are in the payment token's smallest unit; null means no cap.
/// Days and months are UTC calendar days and months.
/// </summary>
public sealed class SpendingOptions
{
    /// <summary>Cap per session. Default null (none).</summary>
    public BigInteger? PerSession { get; set; }

    /// <summary>Cap per UTC day. Default null (none).</summary>
    public BigInteger? PerDay { get; set; }

    /// <summary>Cap per UTC month. Default null (none).</summary>
    public BigInteger? PerMonth { get; set; }

    /// <summary>Highest price per GiB the client will pay at all. Default null (none).</summary>
    public BigInteger? MaxPricePerGiB { get; set; }

    /// <summary>What reaching a cap does. Default <see cref="SpendCapAction.Disconnect"/>.</summary>
    public SpendCapAction Action { get; set; } = SpendCapAction.Disconnect;

    /// <summary>A warning event is raised once per cap period when spend passes this share of a cap. Default 0.8.</summary>
    public double WarnAt { get; set; } = 0.8;
}
