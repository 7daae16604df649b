using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.Payments;
using Dvpn.Client.State;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

namespace Dvpn.Client.Tests.Payments;

/// <summary>How the client's payment stream ends: over-claims, caps, refusals, silence, cut-offs, and its own close.</summary>
public sealed class PaymentChannelEndingTests
{
    private const ulong MiB = 1024 * 1024;

    [Fact]
    public async Task OverClaim_AtTheStrikeLimit_EndsAsOverClaimAndNeverPaysBeyondTheAllowance()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.OwnBytes = MiB;
        h.Provider.SendInvoice(MiB);
        await h.Provider.NextTicketAsync(); // fair: 1 MiB owed + the window

        // The client measured 1 MiB more; the provider claims 10 MiB more: far over 5% + 512 KiB.
        h.OwnBytes = 2 * MiB;
        await h.InvoiceAsync(11 * MiB);
        await h.InvoiceAsync(11 * MiB);
        Assert.False(channel.Completion.IsCompleted);
        await h.InvoiceAsync(11 * MiB);

        PaymentEnd end = await channel.Completion.WaitAsync(ScriptedProvider.Deadline);
        PaymentEnd.OverClaim overClaim = Assert.IsType<PaymentEnd.OverClaim>(end);
        Assert.Contains("11534336", overClaim.Detail, StringComparison.Ordinal); // owed as claimed
        Assert.Contains("2097152 bytes measured", overClaim.Detail, StringComparison.Ordinal);
        // Meanwhile the client paid only for the last fair invoice, never for the claimed bytes.
        Assert.Equal(MiB + h.Prepay, h.Ledger.Authorized.Aggregate(BigInteger.Zero, (sum, t) => sum + t.ExpectedValue));
    }

    [Fact]
    public async Task OverClaim_FairInvoiceBetween_ResetsTheStrikes()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.Options.OverClaimStrikes = 2;
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        await h.InvoiceAsync(10 * MiB);
        await h.InvoiceAsync(0); // fair again
        await h.InvoiceAsync(10 * MiB);
        await h.InvoiceAsync(0);

        Assert.False(channel.Completion.IsCompleted);
        await h.InvoiceAsync(10 * MiB);
        await h.InvoiceAsync(10 * MiB);
        Assert.IsType<PaymentEnd.OverClaim>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task CapReached_EndsWithTheCapAndSignsNoTicket()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync(new TestLedger { SessionCap = MiB });
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0); // the window alone (2 MiB) is over the 1 MiB cap

        PaymentEnd end = await channel.Completion.WaitAsync(ScriptedProvider.Deadline);
        Assert.Equal(new PaymentEnd.CapReached(SpendCap.Session, 0, MiB), end);
        Assert.Empty(h.Ledger.Authorized);
        Assert.Equal(0, channel.Counters.TicketsSent);
        await h.Provider.CallEnded.WaitAsync(ScriptedProvider.Deadline);
        Assert.Empty(h.Provider.Received);
    }

    [Fact]
    public async Task ReplayedReceipt_RaisesTheNonceFloorAndTheNextTicketGoesAboveIt()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.Provider.Verdict = t => t.Nonce == 1 ? TicketVerdict.Replayed : TicketVerdict.Accepted;
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0);
        TicketMessage refused = await h.Provider.NextTicketAsync();
        h.Provider.SendInvoice(0); // nothing was credited: the window is still due
        TicketMessage accepted = await h.Provider.NextTicketAsync();

        Assert.Equal([refused.Nonce], h.Ledger.Floors);
        Assert.True(accepted.Nonce > refused.Nonce);
        Assert.Equal(h.Prepay, h.Provider.Credited);
        Assert.False(channel.Completion.IsCompleted);
    }

    [Fact]
    public async Task RefusedTickets_WorthMoreThanOneWindow_EndAsProtocolViolation_AfterOneRepayment()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.Provider.Verdict = _ => TicketVerdict.Unfunded;
        await using PaymentChannel channel = await h.OpenAsync();

        // Each ticket here is a whole prepay window: the first refusal is paid again (honest providers refuse
        // sometimes), the second takes the refused value past one window and ends the session.
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();
        h.Provider.SendInvoice(0); // behind the first receipt
        await h.Provider.NextTicketAsync();

        PaymentEnd.ProtocolViolation end = Assert.IsType<PaymentEnd.ProtocolViolation>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
        Assert.Contains("Unfunded", end.Detail, StringComparison.Ordinal);
        Assert.Equal(2, h.Provider.Received.Count);
        Assert.Equal(2 * h.Prepay, channel.Counters.ExpectedValueSent);
    }

    [Fact]
    public async Task Silence_NoInvoiceForTheTimeout_EndsAsProviderSilent()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        await h.Provider.Hello.WaitAsync(ScriptedProvider.Deadline);

        h.Time.Advance(h.Options.InvoiceTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(channel.Completion.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new PaymentEnd.ProviderSilent(h.Options.InvoiceTimeout), await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task Silence_EachInvoiceRestartsTheWatchdog()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        h.Time.Advance(TimeSpan.FromSeconds(9));
        await h.InvoiceAsync(0);
        h.Time.Advance(TimeSpan.FromSeconds(9));

        Assert.False(channel.Completion.IsCompleted, channel.Completion.IsCompleted ? $"{await channel.Completion}" : null);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<PaymentEnd.ProviderSilent>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public void SilenceLimit_SlowInvoicing_AllowsThreeIntervals()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), PaymentChannel.SilenceLimit(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(10), PaymentChannel.SilenceLimit(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task CutOff_EndsWithTheProvidersReason()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.CutOff(CutOffReason.CreditExceeded, "unpaid use exceeded the credit limit");

        Assert.Equal(new PaymentEnd.ProviderCutOff(CutOffReason.CreditExceeded, "unpaid use exceeded the credit limit"),
            await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task StreamEnd_WithoutCutOff_EndsAsFailed()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.EndCall();

        Assert.IsType<PaymentEnd.Failed>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task Invoice_GoingDown_EndsAsProtocolViolation()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();
        h.OwnBytes = MiB;
        h.Provider.SendInvoice(MiB);
        await h.Provider.NextTicketAsync();

        h.Provider.SendInvoice(MiB / 2);

        Assert.IsType<PaymentEnd.ProtocolViolation>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task Invoice_MalformedOwed_EndsAsProtocolViolation()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.Post(new ProviderPaymentMessage
        {
            Invoice = new Invoice { Sequence = 1, Owed = Google.Protobuf.ByteString.CopyFrom(new byte[33]), Commit = Google.Protobuf.ByteString.CopyFrom(h.FirstCommit) },
        });

        Assert.IsType<PaymentEnd.ProtocolViolation>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task Receipt_ForNoTicket_EndsAsProtocolViolation()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.Post(new ProviderPaymentMessage
        {
            Receipt = new TicketReceipt { Nonce = 7, Verdict = TicketVerdict.Accepted, Credited = WireAmount.ToBytes(1), Commit = Google.Protobuf.ByteString.CopyFrom(h.FirstCommit) },
        });

        Assert.IsType<PaymentEnd.ProtocolViolation>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }

    [Fact]
    public async Task Terms_NamingAnotherRecipient_EndAsProtocolViolationWithoutPaying()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.TermsRecipient = PaymentHarness.Funder;
        await using PaymentChannel channel = await h.OpenAsync();

        Assert.IsType<PaymentEnd.ProtocolViolation>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
        Assert.Empty(h.Ledger.Authorized);
    }

    [Fact]
    public async Task FaceValueAboveTheAccountBalance_EndsAsInsufficientFunds()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        h.MaxFaceValue = 1_000_000;
        await using PaymentChannel channel = await h.OpenAsync();

        h.Provider.SendInvoice(0);

        PaymentEnd.Failed end = Assert.IsType<PaymentEnd.Failed>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
        DvpnClientException error = Assert.IsType<DvpnClientException>(end.Error);
        Assert.Equal(ErrorCause.InsufficientFunds, error.Cause);
        Assert.Empty(h.Ledger.Authorized);
    }

    [Fact]
    public async Task Dispose_OpenStream_CompletesClosedAndTheProviderSeesTheClientLeave()
    {
        await using PaymentHarness h = await PaymentHarness.StartAsync();
        PaymentChannel channel = await h.OpenAsync();
        h.Provider.SendInvoice(0);
        await h.Provider.NextTicketAsync();

        await channel.DisposeAsync();

        Assert.IsType<PaymentEnd.Closed>(await channel.Completion);
        await h.Provider.CallEnded.WaitAsync(ScriptedProvider.Deadline);
        await channel.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task Open_NoProviderListening_EndsAsFailedWithoutThrowing()
    {
        PaymentHarness h = await PaymentHarness.StartAsync();
        await h.DisposeAsync(); // the port is closed now
        await using PaymentChannel channel = await h.OpenAsync();

        Assert.IsType<PaymentEnd.Failed>(await channel.Completion.WaitAsync(ScriptedProvider.Deadline));
    }
}
