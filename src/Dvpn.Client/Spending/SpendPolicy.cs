using System.Numerics;
using Dvpn.Client.Options;

namespace Dvpn.Client.Spending;

/// <summary>The spending policy in force (DESIGN §6 "Spending"). Amounts in the payment token's smallest unit; null
/// means no cap.</summary>
/// <param name="PerSession">Cap per session.</param>
/// <param name="PerDay">Cap per UTC day.</param>
/// <param name="PerMonth">Cap per UTC month.</param>
/// <param name="MaxPricePerGiB">Highest price per GiB paid at all.</param>
/// <param name="Action">What reaching a cap does.</param>
/// <param name="WarnAt">Share of a cap at which a warning is raised, in (0, 1].</param>
public sealed record SpendPolicy(
    BigInteger? PerSession,
    BigInteger? PerDay,
    BigInteger? PerMonth,
    BigInteger? MaxPricePerGiB,
    SpendCapAction Action,
    double WarnAt)
{
    /// <summary>The policy the options describe.</summary>
    public static SpendPolicy From(SpendingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SpendPolicy(options.PerSession, options.PerDay, options.PerMonth, options.MaxPricePerGiB, options.Action, options.WarnAt);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a cap is negative or <see cref="WarnAt"/> is out of range.</summary>
    public void Validate()
    {
        foreach ((BigInteger? cap, string name) in new[] { (PerSession, nameof(PerSession)), (PerDay, nameof(PerDay)), (PerMonth, nameof(PerMonth)), (MaxPricePerGiB, nameof(MaxPricePerGiB)) })
        {
            if (cap is { Sign: < 0 })
            {
                throw new ArgumentException($"{name} must not be negative", name);
            }
        }

        if (!(WarnAt > 0 && WarnAt <= 1))
        {
            throw new ArgumentException("WarnAt must be in (0, 1]", nameof(WarnAt));
        }

        if (!Enum.IsDefined(Action))
        {
            throw new ArgumentException($"Action {Action} is not a defined action", nameof(Action));
        }
    }
}
