using System.Numerics;

namespace Dvpn.Client.Payments;

/// <summary>What an amount of traffic costs through the ticket lottery (<see cref="DvpnClient.EstimateCost"/>), in
/// the token's smallest unit.</summary>
/// <param name="Expected">The expected cost: the bytes at the price, rounded up as invoices are.</param>
/// <param name="TicketFaceValue">The face value of one ticket at the current gas price: what one win pays.</param>
/// <param name="Tickets">How many tickets the traffic takes (one per half payment window).</param>
/// <param name="StandardDeviation">The standard deviation of what is actually paid: the lottery's spread around
/// <paramref name="Expected"/>, which shrinks relative to it as traffic grows.</param>
public sealed record CostEstimate(BigInteger Expected, BigInteger TicketFaceValue, ulong Tickets, BigInteger StandardDeviation);
