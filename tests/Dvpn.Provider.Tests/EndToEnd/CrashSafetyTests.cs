using System.Net;
using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Testing;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// Winning tickets are on disk before they are acknowledged: a provider SIGKILLed with winners queued claims every
/// one of them after a restart, and none twice.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class CrashSafetyTests(ProviderLab lab)
{
    /// <summary>Two full batches of two after the restart.</summary>
    private const int Winners = 4;
    private static readonly IPAddress SiteAddress = IPAddress.Parse("10.99.0.3");
    private static readonly TimeSpan RestartedClaimInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task QueuedWinners_SurviveASigkill_AndAreClaimedExactlyOnceAfterRestart()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("crash", SiteAddress);
        using var identity = ProviderIdentity.Create(ProviderLab.CrashProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake);
        string provider = identity.Address.ToString();
        ProviderSettings settings = lab.Settings(site, identity, "10.78.0.0/24")
            .Set("Claims:Interval", TimeSpan.FromMinutes(30))
            .Set("Claims:BatchSize", 100);
        var lottery = new LotteryClient(await lab.Chain.ConnectReadOnlyAsync(), lab.Chain.Contracts.Lottery);
        using ClientAccount account = await lab.NewFundedAccountAsync();
        string signer = account.SignerAddress.ToString();
        ulong startBlock = await lab.Ledger.LatestBlockAsync();
        BigInteger startBalance = await lab.Ledger.BalanceAtAsync(provider, startBlock);

        // Winners accepted (so durably recorded), none claimed yet: the next periodic look is half an hour away.
        var winners = new List<Ticket>();
        await using (ProviderProcess first = await ProviderProcess.StartAsync(site, settings))
        {
            await using (ClientSession session = await lab.Client.ConnectAsync(account, identity.Address))
            await using (PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None))
            {
                for (int i = 0; i < Winners; i++)
                {
                    Ticket winner = payment.NewWinningTicket();
                    TicketReceipt receipt = await payment.PayAsync(winner);
                    Assert.Equal(TicketVerdict.Accepted, receipt.Verdict);
                    Assert.False(receipt.Commit.Span.SequenceEqual(winner.Commit.Span), "a win must rotate the commit");
                    winners.Add(winner);
                }

                Assert.Equal(0UL, (await lottery.GetReplayRecordAsync(provider, signer)).HighNonce);

                int killed = await first.KillAsync();
                Assert.NotEqual(0, killed);
            }
        }

        Assert.Equal(0UL, (await lottery.GetReplayRecordAsync(provider, signer)).HighNonce);

        // Restarted on the same data directory, claiming every second, two tickets per batch.
        ProviderSettings restart = settings.Clone()
            .Set("Claims:Interval", RestartedClaimInterval)
            .Set("Claims:BatchSize", 2);
        await using ProviderProcess second = await ProviderProcess.StartAsync(site, restart);
        ulong lastWinner = winners.Max(w => w.Nonce);
        await Eventually.HoldsAsync(
            async () => (await lottery.GetReplayRecordAsync(provider, signer)).HighNonce >= lastWinner,
            ClaimTimeout, $"winner nonce {lastWinner} claimed after the restart. Provider output:\n{second.Output}");

        // A few more claim rounds must not send any of them again: watch a quiet window of several intervals.
        await Task.Delay(RestartedClaimInterval * 4);
        Assert.Equal(0, await second.StopAsync());

        ulong endBlock = await lab.Ledger.LatestBlockAsync();
        BigInteger endBalance = await lab.Ledger.BalanceAtAsync(provider, endBlock);
        ProviderActivity activity = await lab.Ledger.ActivityAsync(provider, startBlock, endBlock);
        BigInteger winnersValue = winners.Aggregate(BigInteger.Zero, (sum, w) => sum + w.FaceValue);
        Assert.Equal(Winners, activity.ClaimedTickets);
        Assert.Equal(winnersValue, activity.Claimed);
        Assert.Empty(activity.Skipped);
        Assert.Equal(startBalance + activity.Claimed - activity.GasPaid, endBalance);
    }
}
