using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Payments;
using Dvpn.Protocol.V1;

namespace Dvpn.Client.Tests.Payments;

/// <summary>
/// The client's payment stream against a scripted provider: what it pays, when, and with what tickets. Prices are one
/// token unit per byte, and faces stay below 2^64, so every ticket's expected value is exactly the amount it pays.
/// </summary>
public sealed class PaymentChannelPayingTests
{
    private const ulong MiB = 1024 * 1024;

    [Fact]
    public async Task Open_SendsTheHelloNamingTheSession()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        PaymentHello hello = await h.Provider.Hello.WaitAsync(ScriptedProvider.Deadline);

        Assert.Equal(h.SessionId, hello.SessionId.ToByteArray());
    }

    [Fact]
    public async Task FirstInvoice_NothingUsedYet_PrepaysExactlyTheWindow()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0);
        SignedTicket ticket = h.Verify(await h.Provider.NextTicketAsync());

        Assert.Equal(h.Prepay, ticket.Ticket.ExpectedValue);
        Assert.Equal(h.Prepay, h.Provider.Credited);
    }

    [Fact]
    public async Task FairInvoices_KeepCreditExactlyOneWindowAheadOfOwed()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        foreach (ulong used in new ulong[] { 1 * MiB, 3 * MiB, (7 * MiB) + 12_345 })
        {
            h.OwnBytes = used;
            h.Provider.SendInvoice(used);
            h.Verify(await h.Provider.NextTicketAsync());

            Assert.Equal(used + h.Prepay, h.Provider.Credited);
        }

        Assert.Equal(4, h.Ledger.Authorized.Count);
        Assert.Equal(h.Provider.Credited, channel.Counters.ExpectedValueSent);
    }

    [Fact]
    public async Task FairInvoice_CountingMoreThanTheClientWithinTolerance_IsPaidInFull()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        // The provider counted 5% more than arrived here (packet loss): inside 5% tolerance plus 512 KiB slack.
        h.OwnBytes = 10 * MiB;
        h.Provider.SendInvoice(10 * MiB * 105 / 100);
        await h.Provider.NextTicketAsync();

        Assert.Equal((10 * MiB * 105 / 100) + h.Prepay, h.Provider.Credited);
    }

    [Fact]
    public async Task Invoice_CreditAlreadyAWindowAhead_SendsNoTicket()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        await h.InvoiceAsync(0); // credited = prepay already: nothing due
        await h.InvoiceAsync(0); // read only after everything the previous invoice led to

        Assert.Single(h.Ledger.Authorized);
        Assert.Single(h.Provider.Received);
    }

    [Fact]
    public async Task Tickets_VerifyCarryTheCurrentCommitAndStrictlyIncreasingNonces()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        var nonces = new List<ulong>();
        for (ulong used = 0; used < 10 * MiB; used += MiB)
        {
            if (used == 5 * MiB)
            {
                h.Provider.RotateCommit(System.Security.Cryptography.RandomNumberGenerator.GetBytes(Ticket.CommitSize));
            }

            h.OwnBytes = used;
            h.Provider.SendInvoice(used);
            SignedTicket ticket = h.Verify(await h.Provider.NextTicketAsync());
            Assert.Equal(h.Provider.Commit, ticket.Ticket.Commit.ToArray());
            nonces.Add(ticket.Ticket.Nonce);
        }

        Assert.Equal(nonces.Order(), nonces);
        Assert.Equal(nonces.Count, nonces.Distinct().Count());
    }

    [Fact]
    public async Task Ticket_GasPriceAboveTheProvidersClaimCost_IsSizedForTheGas()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.GasPrice = 100_000; // x 40,000 gas = 4e9, above the announced 1e9
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0);
        SignedTicket ticket = h.Verify(await h.Provider.NextTicketAsync());

        Assert.Equal(new BigInteger(133_333_333_334), ticket.Ticket.FaceValue); // ceil(4e9 / 0.03)
    }

    [Fact]
    public async Task Ticket_CrossingTheCapsWarningShare_ReportsTheWarning()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync(new TestLedger { SessionCap = 3 * MiB });
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        SpendWarning warning = Assert.Single(h.Warnings);
        Assert.Equal(new SpendWarning(SpendCap.Session, 2 * MiB, 3 * MiB), warning);
    }

    [Fact]
    public async Task Counters_CountEveryMessagesProtobufBytesBothWays()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();
        h.OwnBytes = MiB;
        h.Provider.SendInvoice(MiB);
        await h.Provider.NextTicketAsync();
        h.Provider.CutOff(CutOffReason.Closed, "bye");
        await channel.Completion.WaitAsync(ScriptedProvider.Deadline);

        PaymentCounters counters = channel.Counters;
        Assert.Equal(2, counters.TicketsSent);
        Assert.Equal(2, counters.InvoicesReceived);
        Assert.Equal(MiB, counters.LastMeteredBytes);
        Assert.Equal(new BigInteger(MiB), counters.LastOwed);
        Assert.Equal(MiB + h.Prepay, counters.Credited);
        Assert.Equal(h.Provider.BytesReceived, counters.PaymentBytesSent);
        Assert.Equal(h.Provider.BytesSent, counters.PaymentBytesReceived);
    }
}
