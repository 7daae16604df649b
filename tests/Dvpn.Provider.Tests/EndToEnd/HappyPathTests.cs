using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Testing;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// The whole loop against the real provider: open a session over pinned TLS, carry traffic through the tunnel and
/// the provider's NAT, get invoiced, pay with tickets, and see the winners claimed on chain with the provider's
/// balance rising by exactly what the claims paid minus the gas it spent.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class HappyPathTests(ProviderLab lab)
{
    private const long TransferBytes = 4L * 1024 * 1024;
    private const int ForcedWinners = 3;
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InvoiceTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Session_CarriesTrafficThroughNat_IsInvoicedAndPaid_AndWinnersAreClaimedOnChain()
    {
        await lab.EnsureProviderAsync();
        using ClientAccount account = await lab.NewFundedAccountAsync();
        string provider = lab.ProviderAddress.ToString();
        ulong startBlock = await lab.Ledger.LatestBlockAsync();
        BigInteger startBalance = await lab.Ledger.BalanceAtAsync(provider, startBlock);

        await using ClientSession session = await lab.Client.ConnectAsync(account, lab.ProviderAddress);

        // The session's terms are the listing's and the lab's configuration.
        Assert.Equal(lab.ProviderAddress, session.Terms.Recipient);
        Assert.Equal(ProviderLab.PricePerGiB, session.Terms.PricePerGiB);
        Assert.Equal(ProviderLab.ValueOf(ProviderLab.CreditLimitBytes), session.Terms.CreditLimit);
        Assert.Equal(session.Listing.WireGuardPublicKey, session.Response.WireguardPublicKey.ToByteArray());
        Assert.True(session.Terms.SuggestedFaceValue > session.Terms.ClaimCost);

        // Pay ahead for 16 MiB, so the transfers below never run into the credit limit.
        BigInteger prepay = ProviderLab.ValueOf(16 * 1024 * 1024);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.PayAsInvoiced(prepay));
        await payment.WaitForInvoiceAsync(i => Amount(i.Credited) >= prepay, InvoiceTimeout);

        // Both directions through the tunnel and the NAT: the internet host has no route back to the pool.
        NetworkHost internet = lab.Topology.Internet;
        TcpTransferResult up = await TcpTransfer.RunAsync(internet, ProviderTopology.InternetAddress.Address, lab.Topology.Client, TransferBytes, TransferTimeout);
        TcpTransferResult down = await TcpTransfer.DownloadAsync(internet, ProviderTopology.InternetAddress.Address, lab.Topology.Client, TransferBytes, TransferTimeout);
        Assert.True(up.Intact && up.BytesReceived == TransferBytes, $"upload through the provider: {up}");
        Assert.True(down.Intact && down.BytesReceived == TransferBytes, $"download through the provider: {down}");

        // Invoices: cumulative, priced exactly, and fair by the client's own count of tunnel bytes.
        Invoice metered = await payment.WaitForInvoiceAsync(i => i.MeteredBytes >= 2 * (ulong)TransferBytes, InvoiceTimeout);
        ulong ownBytes = await session.OwnBytesAsync();
        Assert.Equal(PaymentMath.Owed(metered.MeteredBytes, ProviderLab.PricePerGiB), Amount(metered.Owed));
        // The provider counts what its device sent; the client what its device received. wireguard-go drops UDP when
        // its receive buffer fills (5-25 % of a burst on this 2-core machine under load, issue 3's note), so under
        // load an honest provider's count runs ahead of the client's by the lost packets. The over-claim rule itself
        // is pinned down in InvoiceCheckTests; here the invoice must be within what loss explains.
        Assert.Equal(InvoiceVerdict.Fair, new InvoiceCheck(ProviderLab.PricePerGiB, tolerancePpm: 300_000).Check(metered, ownBytes));
        IReadOnlyList<Invoice> invoices = payment.Invoices;
        Assert.True(invoices.Count >= 2, $"only {invoices.Count} invoice(s)");
        for (int i = 1; i < invoices.Count; i++)
        {
            Assert.True(invoices[i].Sequence > invoices[i - 1].Sequence, "invoice sequence must increase");
            Assert.True(invoices[i].MeteredBytes >= invoices[i - 1].MeteredBytes, "metered bytes must not go back");
        }

        // The automatic tickets were accepted and keep the session paid: no cut-off.
        Assert.Contains(payment.Receipts, r => r.Verdict == TicketVerdict.Accepted);
        Assert.True(Amount(payment.LastInvoice!.Credited) >= Amount(metered.Owed), "the client's tickets must cover what it used");
        Assert.False(payment.CutOff.IsCompleted, "a paying client must not be cut off");

        // Winners for certain: each is accepted and rotates the commit.
        await payment.SetPolicyAsync(PaymentPolicy.None);
        var winners = new List<Ticket>();
        for (int i = 0; i < ForcedWinners; i++)
        {
            Ticket winner = payment.NewWinningTicket();
            TicketReceipt receipt = await payment.PayAsync(winner);
            Assert.Equal(TicketVerdict.Accepted, receipt.Verdict);
            Assert.False(receipt.Commit.Span.SequenceEqual(winner.Commit.Span), "a win must rotate the commit");
            winners.Add(winner);
        }

        // Claimed on chain: the replay record of (provider, signer) reaches the last winner.
        var lottery = new LotteryClient(await lab.Chain.ConnectReadOnlyAsync(), lab.Chain.Contracts.Lottery);
        ulong lastWinner = winners.Max(w => w.Nonce);
        await Eventually.HoldsAsync(
            async () => (await lottery.GetReplayRecordAsync(provider, account.SignerAddress.ToString())).HighNonce >= lastWinner,
            ClaimTimeout, $"winner nonce {lastWinner} claimed by {provider}. Provider output:\n{lab.ProviderOutput}");

        ulong endBlock = await lab.Ledger.LatestBlockAsync();
        BigInteger endBalance = await lab.Ledger.BalanceAtAsync(provider, endBlock);
        ProviderActivity activity = await lab.Ledger.ActivityAsync(provider, startBlock, endBlock);
        BigInteger winnersValue = winners.Aggregate(BigInteger.Zero, (sum, w) => sum + w.FaceValue);
        Assert.DoesNotContain(activity.Skipped, s => string.Equals(s.Signer, account.SignerAddress.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.True(activity.Claimed >= winnersValue, $"claimed {activity.Claimed}, the forced winners alone are worth {winnersValue}");
        Assert.True(activity.GasPaid > 0, "claims cost gas");
        Assert.Equal(startBalance + activity.Claimed - activity.GasPaid, endBalance);
        Assert.True(endBalance > startBalance, "the provider's balance must rise");
    }

    private static BigInteger Amount(Google.Protobuf.ByteString bytes) => SessionTerms.Amount(bytes, "amount");
}
