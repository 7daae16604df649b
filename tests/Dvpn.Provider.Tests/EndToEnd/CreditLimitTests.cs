using System.Numerics;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Devnet.Namespaces;
using Dvpn.Testing;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// A client that never pays is served up to the credit limit and paused once its unpaid use is over it: not before
/// (it holds just under the limit for several invoices and still gets through), promptly after (nothing is forwarded,
/// while the session and its payment stream stay), and cut off once it has stayed unpaid for the pause grace.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class CreditLimitTests(ProviderLab lab)
{
    private const long Step = 128 * 1024;

    /// <summary>Room kept below the limit for traffic the test does not control (invoices, acks, keepalives, a ping).</summary>
    private const long Margin = 48 * 1024;

    /// <summary>Steps smaller than this are not worth an invoice round.</summary>
    private const long MinStep = 8 * 1024;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InvoiceTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CutOffTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Client_ThatStopsPaying_IsPausedOnceOverTheCreditLimit_NotBefore_AndCutOffAfterTheGrace()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        await using ClientSession session = await lab.Client.ConnectAsync(account, lab.ProviderAddress);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
        BigInteger limit = session.Terms.CreditLimit;
        ulong limitBytes = ProviderLab.CreditLimitBytes;
        Assert.Equal(ProviderLab.ValueOf(limitBytes), limit);
        NetworkHost internet = lab.Topology.Internet;

        // Climb towards the limit in steps that halve the room left (a step costs more than its payload in the
        // tunnel: headers, acks), until only the margin is left.
        Invoice last = await payment.WaitForInvoiceAsync(_ => true, InvoiceTimeout);
        for (long size = NextStep(last); size >= MinStep; size = NextStep(last))
        {
            TcpTransferResult step = await TcpTransfer.RunAsync(internet, ProviderTopology.InternetAddress.Address, lab.Topology.Client, size, StepTimeout);
            Assert.True(step.Intact, $"a client under its credit limit must be served; metered {last.MeteredBytes} of {limitBytes}");
            ulong before = last.MeteredBytes;
            last = await payment.WaitForInvoiceAsync(i => i.MeteredBytes >= before + (ulong)size, InvoiceTimeout);
            Assert.False(payment.CutOff.IsCompleted, $"cut off at {last.MeteredBytes} metered bytes, under the limit of {limitBytes}");
        }

        // Hold just under the limit: several invoices later the session still carries traffic.
        Assert.True(SessionTerms.Amount(last.Owed, "owed") <= limit);
        ulong held = last.Sequence;
        Invoice later = await payment.WaitForInvoiceAsync(i => i.Sequence >= held + 3, InvoiceTimeout);
        Assert.True(later.MeteredBytes <= limitBytes, $"idle tunnel grew to {later.MeteredBytes} metered bytes");
        Assert.False(payment.CutOff.IsCompleted, $"cut off at {later.MeteredBytes} metered bytes, under the limit of {limitBytes}");
        Assert.True(await lab.Topology.Client.PingAsync(ProviderTopology.InternetAddress.Address, TimeSpan.FromSeconds(5)),
            "a client under its credit limit must still get through");

        // Over the limit: paused, not ended. Nothing is forwarded any more, yet invoices still come on the open stream.
        Task<TcpTransferResult> over = TcpTransfer.RunAsync(internet, ProviderTopology.InternetAddress.Address, lab.Topology.Client, 8 * Step,
            ProviderLab.UnpaidPauseGrace + CutOffTimeout);
        Invoice overLimit = await payment.WaitForInvoiceAsync(i => SessionTerms.Amount(i.Owed, "owed") > limit, CutOffTimeout);
        long overSeen = System.Diagnostics.Stopwatch.GetTimestamp();
        await Eventually.HoldsAsync(async () => !await lab.Topology.Client.PingAsync(ProviderTopology.InternetAddress.Address, TimeSpan.FromSeconds(1)),
            PauseTimeout, $"the paused client's traffic stops. Provider output:\n{lab.ProviderOutput}");
        Invoice paused = await payment.WaitForInvoiceAsync(i => i.Sequence > overLimit.Sequence, InvoiceTimeout);
        Assert.False(payment.CutOff.IsCompleted, $"ended at once over the limit ({paused.MeteredBytes} metered bytes) instead of pausing for the grace");

        // Still unpaid after the grace: cut off for exceeding credit, by a client-side count that is indeed over it. The
        // cut-off ends the stalled transfer's chances (the peer goes away under it), so it need not finish.
        CutOff cutOff;
        try
        {
            cutOff = await payment.CutOff.WaitAsync(ProviderLab.UnpaidPauseGrace + CutOffTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No cut-off within {ProviderLab.UnpaidPauseGrace + CutOffTimeout} of going over the limit ({limitBytes} bytes). Last invoice: {payment.LastInvoice}; "
                + $"own bytes {await session.OwnBytesAsync()}; transfer {over.Status}. "
                + $"Provider output:\n{lab.ProviderOutput}");
            throw;
        }

        // The over-limit invoice came at most an invoice interval (1 s) after the pause began.
        TimeSpan pausedFor = System.Diagnostics.Stopwatch.GetElapsedTime(overSeen);
        Assert.True(pausedFor >= ProviderLab.UnpaidPauseGrace - TimeSpan.FromSeconds(2),
            $"cut off {pausedFor} after going over the limit, before the grace of {ProviderLab.UnpaidPauseGrace}");
        ulong ownBytes = await session.OwnBytesAsync();
        Assert.Equal(CutOffReason.CreditExceeded, cutOff.Reason);
        Assert.True(ProviderLab.ValueOf(ownBytes) > limit, $"cut off with {ownBytes} bytes through the tunnel, not over the limit of {limitBytes}");

        // The peer is gone: nothing passes any more, and the stream ends.
        await payment.Ended.WaitAsync(CutOffTimeout);
        try
        {
            await over; // finished before the cut-off, or stalled by it: either is right
        }
        catch (TimeoutException)
        {
        }

        if (await lab.Topology.Client.PingAsync(ProviderTopology.InternetAddress.Address, TimeSpan.FromSeconds(2)))
        {
            CommandResult route = await lab.Topology.Client.IpAsync(["route", "get", ProviderTopology.InternetAddress.Address.ToString()]);
            CommandResult links = await lab.Topology.Client.IpAsync(["-br", "addr"]);
            Assert.Fail($"a cut-off client must not get through. Client route: {route.StandardOutput.Trim()}; client addresses:\n"
                + $"{links.StandardOutput}\nProvider output:\n{lab.ProviderOutput}");
        }
    }

    private static long NextStep(Invoice last) =>
        Math.Min(Step, ((long)ProviderLab.CreditLimitBytes - (long)last.MeteredBytes - Margin) / 2);
}
