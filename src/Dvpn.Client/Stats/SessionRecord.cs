using System.Numerics;

namespace Dvpn.Client.Stats;

/// <summary>One session in the history (the current one included, with <see cref="Ended"/> null).</summary>
/// <param name="SessionId">The provider's session id (hex).</param>
/// <param name="Provider">The provider's address.</param>
/// <param name="PricePerGiB">The session's price.</param>
/// <param name="Started">When the session opened.</param>
/// <param name="Ended">When it ended; null while it runs (or when the client crashed during it).</param>
/// <param name="BytesSent">Tunnel bytes sent, as the client counted them.</param>
/// <param name="BytesReceived">Tunnel bytes received, as the client counted them.</param>
/// <param name="Spent">Expected value of the tickets signed in it.</param>
/// <param name="TicketsSent">Tickets signed in it.</param>
/// <param name="EndReason">Why it ended; null while it runs.</param>
public sealed record SessionRecord(
    string SessionId,
    string Provider,
    BigInteger PricePerGiB,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    ulong BytesSent,
    ulong BytesReceived,
    BigInteger Spent,
    long TicketsSent,
    string? EndReason);
