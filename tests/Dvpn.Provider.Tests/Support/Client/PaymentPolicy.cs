using System.Numerics;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>How the test client answers invoices on its own (tests send hostile tickets by hand).</summary>
internal abstract record PaymentPolicy
{
    /// <summary>Never pays: for a client that stops paying, or for tests that send every ticket themselves.</summary>
    public static PaymentPolicy None { get; } = new NoPayment();

    /// <summary>
    /// Pays what each invoice shows owed plus <paramref name="prepay"/> ahead, one ticket at a time, each sized for
    /// the session's claim cost (<see cref="Dvpn.Chain.Tickets.TicketLottery.Size"/>).
    /// </summary>
    public static PaymentPolicy PayAsInvoiced(BigInteger prepay) => new PayOwed(prepay);

    private sealed record NoPayment : PaymentPolicy;

    internal sealed record PayOwed(BigInteger Prepay) : PaymentPolicy;
}
