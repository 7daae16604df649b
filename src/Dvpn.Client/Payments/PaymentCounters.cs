using System.Numerics;

namespace Dvpn.Client.Payments;

/// <summary>A payment stream's figures at one moment.</summary>
/// <param name="TicketsSent">Tickets signed and sent.</param>
/// <param name="ExpectedValueSent">Their total expected value.</param>
/// <param name="Credited">What the provider last said it credited.</param>
/// <param name="LastOwed">What the last fair invoice said was owed.</param>
/// <param name="LastMeteredBytes">The provider's byte count in its last invoice.</param>
/// <param name="InvoicesReceived">Invoices received.</param>
/// <param name="PaymentBytesSent">Protobuf bytes of the client's messages (tickets and hello).</param>
/// <param name="PaymentBytesReceived">Protobuf bytes of the provider's messages.</param>
internal sealed record PaymentCounters(
    long TicketsSent,
    BigInteger ExpectedValueSent,
    BigInteger Credited,
    BigInteger LastOwed,
    ulong LastMeteredBytes,
    long InvoicesReceived,
    long PaymentBytesSent,
    long PaymentBytesReceived);
