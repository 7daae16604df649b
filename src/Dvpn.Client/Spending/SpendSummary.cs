using System.Numerics;

namespace Dvpn.Client.Spending;

/// <summary>Spend so far from the on-disk ledger: the expected value of every ticket signed.</summary>
/// <param name="CurrentSession">Spent in the current session (0 when there is none).</param>
/// <param name="Today">Spent in the current UTC day.</param>
/// <param name="ThisMonth">Spent in the current UTC month.</param>
/// <param name="AllTime">Spent since the ledger was created.</param>
/// <param name="TicketsSigned">Tickets signed since the ledger was created.</param>
/// <param name="Policy">The policy in force.</param>
public sealed record SpendSummary(
    BigInteger CurrentSession,
    BigInteger Today,
    BigInteger ThisMonth,
    BigInteger AllTime,
    long TicketsSigned,
    SpendPolicy Policy);
