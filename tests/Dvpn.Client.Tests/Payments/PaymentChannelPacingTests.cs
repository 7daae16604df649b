using Dvpn.Chain.Tickets;
using Dvpn.Client.Payments;
using Dvpn.Protocol.Payments;

namespace Dvpn.Client.Tests.Payments;

/// <summary>
/// The pacer: between invoices the client reads its own counter every pace interval and pays ahead by itself, so a
/// fast flow never outruns the provider's credit limit while it waits for the next invoice.
/// </summary>
public sealed class PaymentChannelPacingTests
{
    private const ulong MiB = 1024 * 1024;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private static async Task<PaymentHarness> StartAsync()
    {
        PaymentHarness h = await PaymentHarness.StartAsync();
        h.Options.PaceInterval = Pace;
        return h;
    }

    [Fact]
    public async Task Pacer_BeforeAnyInvoice_PrepaysTheWindow()
    {
        await using PaymentHarness h = await StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Time.Advance(Pace);
        SignedTicket ticket = h.Verify(await h.Provider.NextTicketAsync());

        Assert.Equal(h.Prepay, ticket.Ticket.ExpectedValue);
        Assert.Equal(0, channel.Counters.InvoicesReceived);
    }

    [Fact]
    public async Task Pacer_OwnBytesRunningAhead_PaysAWindowAheadWithoutWaitingForAnInvoice()
    {
        await using PaymentHarness h = await StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        h.OwnBytes = 3 * MiB;
        h.Time.Advance(Pace);
        SignedTicket ticket = h.Verify(await h.Provider.NextTicketAsync());

        Assert.Equal((3 * MiB) + h.Prepay - h.Prepay, ticket.Ticket.ExpectedValue);
        Assert.Equal((3 * MiB) + h.Prepay, h.Provider.Credited);
        Assert.Equal(0, channel.Counters.InvoicesReceived);
    }

    [Fact]
    public async Task Pacer_CreditMoreThanHalfAWindowAhead_SendsNothing()
    {
        await using PaymentHarness h = await StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        h.OwnBytes = (h.Options.PrepayBytes / 2) - 1; // still more than half the window ahead
        await h.TickTwiceAsync(Pace);

        Assert.Single(h.Ledger.Authorized);
        Assert.Single(h.Provider.Received);
    }

    [Fact]
    public async Task Pacer_AfterAFairInvoiceShowingLoss_PaysAheadAtThatRate()
    {
        await using PaymentHarness h = await StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        // The provider counted 4% more than the client (packets lost on the way): fair within the 5% tolerance.
        h.OwnBytes = 10 * MiB;
        await h.InvoiceAsync(10 * MiB * 104 / 100);
        SignedTicket settled = h.Verify(await h.Provider.NextTicketAsync());
        Assert.Equal((10 * MiB * 104 / 100) + h.Prepay - h.Prepay, settled.Ticket.ExpectedValue);

        h.OwnBytes = 20 * MiB;
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        uint ratioPpm = PaymentChannel.RatioPpm(10 * MiB * 104 / 100, 10 * MiB, h.Options.TolerancePpm);
        Assert.Equal(1_039_999u, ratioPpm); // 104%, rounded down to the ppm
        Assert.Equal(PaymentMath.Allowance(20 * MiB, PaymentHarness.PricePerGiB, ratioPpm - 1_000_000) + h.Prepay, h.Provider.Credited);
    }

    [Fact]
    public async Task ProviderReportingNoCredit_CannotMakeThePacerPayAgain()
    {
        await using PaymentHarness h = await StartAsync();
        h.Provider.Verdict = _ => Dvpn.Protocol.V1.TicketVerdict.Accepted;
        h.Provider.ReportedCredit = _ => 0; // accepts every ticket, never admits to any credit
        await using PaymentChannel channel = await h.OpenAsync();
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        await h.TickTwiceAsync(Pace);
        await h.TickTwiceAsync(Pace);

        Assert.Single(h.Provider.Received);
        Assert.Equal(h.Prepay, channel.Counters.ExpectedValueSent);
    }

    [Fact]
    public async Task Pacer_AfterAFairInvoiceCountingLessThanTheClient_StillPaysAheadAtItsOwnCount()
    {
        await using PaymentHarness h = await StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        // The invoice counts less than the client (lost uploads, or simply the client's later reading): the pacer does
        // not go below the client's own count, so a fast flow never outruns the credit limit on a stale ratio.
        h.OwnBytes = 10 * MiB;
        await h.InvoiceAsync(9 * MiB);
        await h.Provider.NextTicketAsync();
        h.OwnBytes = 20 * MiB;
        h.Time.Advance(Pace);
        await h.Provider.NextTicketAsync();

        Assert.Equal(1_000_000u, PaymentChannel.RatioPpm(9 * MiB, 10 * MiB, h.Options.TolerancePpm));
        Assert.Equal((20 * MiB) + h.Prepay, h.Provider.Credited);
    }
}
