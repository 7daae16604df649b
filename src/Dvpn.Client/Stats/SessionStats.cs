using System.Numerics;
using Dvpn.Client.State;

namespace Dvpn.Client.Stats;

/// <summary>Live figures of the current session.</summary>
/// <param name="SessionId">The provider's session id (hex).</param>
/// <param name="Provider">The provider.</param>
/// <param name="Since">When the tunnel came up.</param>
/// <param name="BytesSent">Tunnel bytes sent (client's own count).</param>
/// <param name="BytesReceived">Tunnel bytes received (client's own count).</param>
/// <param name="SendRate">Current send rate, bytes per second.</param>
/// <param name="ReceiveRate">Current receive rate, bytes per second.</param>
/// <param name="Cost">What the traffic so far costs at the session's price, by the client's own count.</param>
/// <param name="TicketsSent">Tickets signed and sent.</param>
/// <param name="TicketsExpectedValue">Their total expected value (what the user spends in expectation).</param>
/// <param name="Credited">What the provider acknowledged as credited.</param>
/// <param name="HandshakeAge">Time since the last WireGuard handshake; null before the first.</param>
public sealed record SessionStats(
    string SessionId,
    ProviderRef Provider,
    DateTimeOffset Since,
    ulong BytesSent,
    ulong BytesReceived,
    double SendRate,
    double ReceiveRate,
    BigInteger Cost,
    long TicketsSent,
    BigInteger TicketsExpectedValue,
    BigInteger Credited,
    TimeSpan? HandshakeAge);
