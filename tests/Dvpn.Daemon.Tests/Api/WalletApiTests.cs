using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Lab;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>WalletService on the real daemon, which holds its funder's key; checked against the chain itself.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class WalletApiTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task GetWallet_ShowsTheAccountAsTheChainHasIt()
    {
        V1.Wallet wallet = await Control.Wallet.GetWalletAsync(new V1.GetWalletRequest());
        LotteryAccount chain = await fixture.Account.GetLotteryAccountAsync();

        Assert.Equal(fixture.Account.Funder.ToString(), wallet.Funder, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(fixture.Account.Signer.ToString(), wallet.Signer, StringComparer.OrdinalIgnoreCase);
        Assert.True(wallet.CanMoveMoney);
        Assert.Equal(chain.Balance.ToString(CultureInfo.InvariantCulture), wallet.Balance);
        Assert.Equal(chain.Escrow.ToString(CultureInfo.InvariantCulture), wallet.Escrow);
        Assert.True(Amount(wallet.FunderBalance) > 0, wallet.FunderBalance);
    }

    [Fact]
    public async Task Deposit_IsMined_GetTransaction_ReportsIt_AndTheChainBalanceGrows()
    {
        LotteryAccount before = await fixture.Account.GetLotteryAccountAsync();
        V1.Transaction deposit = await Control.Wallet.DepositAsync(new V1.DepositRequest { Balance = "1000", Escrow = "7" });
        Assert.Equal(V1.TransactionStatus.Succeeded, deposit.Status);
        Assert.Matches("^0x[0-9a-fA-F]{64}$", deposit.Hash);

        V1.Transaction looked = await Control.Wallet.GetTransactionAsync(new V1.GetTransactionRequest { Hash = deposit.Hash });
        Assert.Equal(deposit.Hash, looked.Hash);
        Assert.Equal(V1.TransactionStatus.Succeeded, looked.Status);

        LotteryAccount after = await fixture.Account.GetLotteryAccountAsync();
        Assert.Equal(before.Balance + 1000, after.Balance);
        Assert.Equal(before.Escrow + 7, after.Escrow);
    }

    [Fact]
    public async Task GetTransaction_OfAMinedDeposit_GivesItsBlockAndGas()
    {
        V1.Transaction deposit = await Control.Wallet.DepositAsync(new V1.DepositRequest { Balance = "1" });
        V1.Transaction looked = await Control.Wallet.GetTransactionAsync(new V1.GetTransactionRequest { Hash = deposit.Hash });
        Assert.True(looked.BlockNumber > 0, $"{looked}");
        Assert.True(looked.GasUsed > 0, $"{looked}");
    }

    [Fact]
    public async Task Warn_AnnouncesAWithdrawal_Withdraw_BeforeTheUnlock_IsFailedPreconditionWithdrawalLocked()
    {
        try
        {
            V1.Transaction warn = await Control.Wallet.WarnAsync(new V1.WarnRequest { Balance = "1", Escrow = "0" });
            Assert.Equal(V1.TransactionStatus.Succeeded, warn.Status);
            V1.Wallet warned = await Control.Wallet.GetWalletAsync(new V1.GetWalletRequest());
            Assert.Equal("1", warned.WarnedBalance);
            Assert.NotNull(warned.UnlockAt);
            Assert.True(warned.UnlockAt.ToDateTimeOffset() > TimeProvider.System.GetUtcNow() + ClientLab.WithdrawDelay - TimeSpan.FromHours(1),
                $"unlocks at {warned.UnlockAt}");

            LotteryAccount before = await fixture.Account.GetLotteryAccountAsync();
            await RpcAssert.FailsAsync(StatusCode.FailedPrecondition, "WITHDRAWAL_LOCKED",
                () => Control.Wallet.WithdrawAsync(new V1.WithdrawRequest()).ResponseAsync);
            Assert.Equal(before, await fixture.Account.GetLotteryAccountAsync());
        }
        finally
        {
            // Both zero cancels the announcement, so that providers keep serving this account.
            await Control.Wallet.WarnAsync(new V1.WarnRequest { Balance = "0", Escrow = "0" });
        }

        Assert.False((await fixture.Account.GetLotteryAccountAsync()).HasPendingWithdrawal);
    }

    [Fact]
    public async Task EstimateCost_OneGiBAtAPrice_ExpectsThatPrice()
    {
        V1.EstimateCostResponse estimate = await Control.Wallet.EstimateCostAsync(new V1.EstimateCostRequest
        {
            Bytes = 1UL << 30,
            PricePerGib = ClientLab.DefaultPricePerGiB.ToString(CultureInfo.InvariantCulture),
        });
        Assert.Equal(ClientLab.DefaultPricePerGiB, Amount(estimate.Expected));
    }

    [Fact]
    public async Task EstimateCost_AlsoGivesTheLotterysSpread_FaceValueTicketsAndDeviation()
    {
        V1.EstimateCostResponse estimate = await Control.Wallet.EstimateCostAsync(new V1.EstimateCostRequest
        {
            Bytes = 1UL << 30,
            PricePerGib = ClientLab.DefaultPricePerGiB.ToString(CultureInfo.InvariantCulture),
        });
        Assert.True(estimate.Tickets > 0, $"{estimate}");
        Assert.True(Amount(estimate.TicketFaceValue) > 0, $"{estimate}");
        Assert.True(Amount(estimate.StandardDeviation) > 0, $"{estimate}");
    }

    private static BigInteger Amount(string text) => BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
