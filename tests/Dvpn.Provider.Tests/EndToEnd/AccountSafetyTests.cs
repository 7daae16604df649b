using System.Net;
using Dvpn.Chain.Lottery;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Testing;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// A session is served only while its account cannot be emptied before the session's tickets can be claimed: a
/// funder who announces a withdrawal mid-session is cut off at the provider's next account read, and cannot open a
/// new session while the warning stands (docs/protocol.md §1.6, §3.1, §3.3).
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class AccountSafetyTests(ProviderLab lab)
{
    private static readonly IPAddress SiteAddress = IPAddress.Parse("10.99.0.6");

    /// <summary>Short, so the provider notices the warning within a couple of metering passes.</summary>
    private static readonly TimeSpan AccountRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CutOffTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Session_WhoseAccountAnnouncesAWithdrawal_IsCutOffAsAccountUnsafe()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("unsafe", SiteAddress);
        using var identity = ProviderIdentity.Create(ProviderLab.UnsafeAccountProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake);
        ProviderSettings settings = lab.Settings(site, identity, "10.81.0.0/24")
            .Set("Payment:AccountRefresh", AccountRefresh);
        await using ProviderProcess provider = await ProviderProcess.StartAsync(site, settings);
        using ClientAccount account = await lab.NewFundedAccountAsync();

        // A paid, working session.
        await using ClientSession session = await lab.Client.ConnectAsync(account, identity.Address);
        await using PaymentStream payment = await session.StartPaymentAsync(PaymentPolicy.None);
        TicketReceipt paid = await payment.PayAsync(payment.NewTicketFor(ProviderLab.ValueOf(4 * 1024 * 1024)));
        Assert.Equal(TicketVerdict.Accepted, paid.Verdict);
        Assert.True(await lab.Topology.Client.PingAsync(session.Gateway, TimeSpan.FromSeconds(5)), "a paid session must carry traffic");
        Assert.False(payment.CutOff.IsCompleted, "a paid session on a safe account must not be cut off");

        // The funder announces a withdrawal of a single wei: the amount does not matter, the balance stays far above
        // the minimum, and the lab's withdraw delay (1 h) unlocks it before the session's end plus the ticket lifetime.
        await account.Lottery.WarnAsync(LotteryClient.NativeToken, account.SignerAddress.ToString(), 1, 0);
        LotteryAccount warned = await account.GetAsync();
        DateTimeOffset sessionEnd = DateTimeOffset.FromUnixTimeSeconds((long)session.Response.ExpiresAt);
        Assert.True(warned.HasPendingWithdrawal);
        Assert.True(warned.Balance - warned.WarnedBalance >= ProviderLab.MinBalance, "only the warning may make the account unsafe");
        Assert.False(warned.IsSafeUntil(sessionEnd + session.Terms.MinTicketLifetime),
            $"the warning unlocks at {warned.UnlockAt:O}, after the session's horizon");

        CutOff cutOff;
        try
        {
            cutOff = await payment.CutOff.WaitAsync(CutOffTimeout);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Assert.Fail($"No cut-off within {CutOffTimeout} of the warning (account refresh {AccountRefresh}; {e.GetType().Name}). "
                + $"Provider output:\n{provider.Output}");
            throw;
        }

        Assert.Equal(CutOffReason.AccountUnsafe, cutOff.Reason);
        // The peer leaves the device once the call's end is written out (2 s at most): give it that moment. Not
        // awaited here: the call's end itself, written after the CutOff, can be lost with the peer when wireguard-go
        // lags behind the removal under load, and the cut-off is what this test is about.
        await Eventually.HoldsAsync(async () => !await lab.Topology.Client.PingAsync(session.Gateway, TimeSpan.FromSeconds(1)),
            CutOffTimeout, $"the cut-off session's traffic stops passing. Provider output:\n{provider.Output}");

        OpenRejectionReason reason = await Refusal.ReasonAsync(() => lab.Client.OpenSessionAsync(account, identity.Address));
        Assert.Equal(OpenRejectionReason.WithdrawalPending, reason);
    }
}
