using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tests.Support;
using Dvpn.Chain.Tokens;

namespace Dvpn.Chain.Tests;

[Collection(AnvilCollection.Name)]
public sealed class LotteryAccountTests(AnvilFixture anvil)
{
    private static readonly BigInteger Ether = TicketBook.Ether;

    [Fact]
    public async Task Fund_Native_CreditsBalanceAndEscrow()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: Ether, escrow: Ether / 4);

        LotteryAccount account = await book.AccountAsync();

        Assert.Equal(Ether, account.Balance);
        Assert.Equal(Ether / 4, account.Escrow);
        Assert.False(account.HasPendingWithdrawal);
        Assert.Null(account.UnlockAt);
    }

    [Fact]
    public async Task Fund_Erc20_PullsTheTokensIntoTheLottery()
    {
        BigInteger before = await new TokenClient(await anvil.ConnectAsync(0), anvil.Contracts.StakeToken).BalanceOfAsync(anvil.Contracts.Lottery);
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 600, escrow: 400, erc20: true);

        Assert.Equal(before + 1000, await new TokenClient(book.Funder, anvil.Contracts.StakeToken).BalanceOfAsync(anvil.Contracts.Lottery));
        Assert.Equal(0, await new TokenClient(book.Funder, anvil.Contracts.StakeToken).BalanceOfAsync(book.Funder.Address!));
        LotteryAccount account = await book.AccountAsync();
        Assert.Equal(600, account.Balance);
        Assert.Equal(400, account.Escrow);
    }

    [Fact]
    public async Task Withdraw_BeforeTheDelay_RevertsWithWithdrawalLocked()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 600, escrow: 400, erc20: true);
        await book.FunderLottery.WarnAsync(book.Token, book.SignerAddress, 600, 400);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() =>
            book.FunderLottery.WithdrawAsync(book.Token, book.SignerAddress, book.Funder.Address!));

        Assert.Equal("WithdrawalLocked", e.ErrorName);
        Assert.False(e.IsTransient);
        Assert.Equal(600, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Withdraw_WithoutWarning_RevertsWithNothingWarned()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 600, escrow: 400, erc20: true);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() =>
            book.FunderLottery.WithdrawAsync(book.Token, book.SignerAddress, book.Funder.Address!));

        Assert.Equal("NothingWarned", e.ErrorName);
    }

    [Fact]
    public async Task Withdraw_AfterTheDelay_PaysTheWarnedAmounts()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 600, escrow: 400, erc20: true);
        await book.FunderLottery.WarnAsync(book.Token, book.SignerAddress, 200, 400);
        LotteryAccount warned = await book.AccountAsync();
        Assert.True(warned.HasPendingWithdrawal);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)book.Now) + AnvilFixture.WithdrawDelay, warned.UnlockAt!.Value, TimeSpan.FromSeconds(30));

        await anvil.Node.IncreaseTimeAsync(AnvilFixture.WithdrawDelay + TimeSpan.FromSeconds(1));
        await book.FunderLottery.WithdrawAsync(book.Token, book.SignerAddress, book.Funder.Address!);

        LotteryAccount after = await book.AccountAsync();
        Assert.Equal(400, after.Balance);
        Assert.Equal(0, after.Escrow);
        Assert.False(after.HasPendingWithdrawal);
        Assert.Equal(600, await new TokenClient(book.Funder, anvil.Contracts.StakeToken).BalanceOfAsync(book.Funder.Address!));
    }

    [Fact]
    public async Task Claim_DuringAPendingWithdrawal_StillPays()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 600, escrow: 400, erc20: true);
        await book.FunderLottery.WarnAsync(book.Token, book.SignerAddress, 600, 400);

        ClaimResult result = await book.ClaimAsync(book.Claim(250));

        Assert.Equal(250, result.TotalPaid(book.Token));
        Assert.Equal(350, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task GetWithdrawDelay_ReturnsTheDeploymentSetting()
    {
        var lottery = new LotteryClient(await anvil.ConnectAsync(0), anvil.Contracts.Lottery);
        Assert.Equal(AnvilFixture.WithdrawDelay, await lottery.GetWithdrawDelayAsync());
    }
}

public sealed class LotteryAccountSafetyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsSafeUntil_NoWarning_IsSafe() =>
        Assert.True(new LotteryAccount(100, 50, 0, 0, null).IsSafeUntil(Now.AddHours(1)));

    [Fact]
    public void IsSafeUntil_WarningUnlockingAfterTheSession_IsSafe() =>
        Assert.True(new LotteryAccount(100, 50, 100, 0, Now.AddDays(1)).IsSafeUntil(Now.AddHours(1)));

    [Fact]
    public void IsSafeUntil_WarningUnlockingInsideTheSession_IsNotSafe() =>
        Assert.False(new LotteryAccount(100, 50, 100, 0, Now.AddMinutes(30)).IsSafeUntil(Now.AddHours(1)));

    [Fact]
    public void IsSafeUntil_WarningAlreadyUnlocked_IsNotSafe() =>
        Assert.False(new LotteryAccount(100, 50, 0, 50, Now.AddDays(-3)).IsSafeUntil(Now.AddHours(1)));
}
