using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Client.Wallet;
using Dvpn.Devnet.Chain;

namespace Dvpn.Client.Tests.Wallet;

/// <summary>
/// The wallet against a real anvil with the real contracts: a funder funds the signer's lottery account, announces a
/// withdrawal whose unlock time the wallet shows, cannot withdraw before it, and can after the chain's clock passes it.
/// </summary>
public sealed class DvpnWalletTests : IAsyncLifetime
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly TimeSpan WithdrawDelay = TimeSpan.FromHours(1);
    private DevnetChain _chain = null!;

    public async Task InitializeAsync() =>
        _chain = await DevnetChain.StartAsync(100 * Ether, unstakeDelay: TimeSpan.FromDays(1), withdrawDelay: WithdrawDelay);

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    [Fact]
    public async Task FundWarnWithdraw_MovesMoneyThroughTheAccount_AndShowsWhenTheWithdrawalUnlocks()
    {
        ChainConnection funder = await _chain.ConnectFreshAccountAsync(10);
        ChainConnection reader = await _chain.ConnectReadOnlyAsync();
        using Dvpn.Chain.Wallet.SignerKey signerKey = Dvpn.Chain.Wallet.SignerKey.Generate(); // signs only: needs no coin
        string signer = signerKey.Address.ToString();
        var wallet = new DvpnWallet(reader, funder, _chain.Contracts.Lottery, LotteryClient.NativeToken, funder.Address!, signer);
        Assert.True(wallet.CanMoveMoney);

        WalletAccount empty = await wallet.GetAccountAsync();
        Assert.Equal(BigInteger.Zero, empty.Balance);
        Assert.False(empty.HasPendingWithdrawal);

        await wallet.FundAsync(2 * Ether, Ether / 2);
        WalletAccount funded = await wallet.GetAccountAsync();
        Assert.Equal(2 * Ether, funded.Balance);
        Assert.Equal(Ether / 2, funded.Escrow);
        Assert.True(funded.FunderBalance < (10 * Ether) - (2 * Ether) - (Ether / 2)); // paid the deposit and gas

        ulong warnedAt = await reader.GetLatestBlockTimestampAsync();
        await wallet.WarnAsync(Ether, 0);
        WalletAccount warned = await wallet.GetAccountAsync();
        Assert.True(warned.HasPendingWithdrawal);
        Assert.Equal(Ether, warned.WarnedBalance);
        Assert.NotNull(warned.UnlockAt);
        Assert.InRange(warned.UnlockAt!.Value.ToUnixTimeSeconds(), (long)warnedAt + (long)WithdrawDelay.TotalSeconds, (long)warnedAt + (long)WithdrawDelay.TotalSeconds + 5);
        Assert.Equal(WithdrawDelay, await wallet.GetWithdrawDelayAsync());

        await Assert.ThrowsAsync<ContractRevertException>(() => wallet.WithdrawAsync());

        await _chain.Node.IncreaseTimeAsync(WithdrawDelay + TimeSpan.FromSeconds(1));
        BigInteger before = (await wallet.GetAccountAsync()).FunderBalance;
        await wallet.WithdrawAsync();
        WalletAccount after = await wallet.GetAccountAsync();
        Assert.Equal(Ether, after.Balance);
        Assert.False(after.HasPendingWithdrawal);
        Assert.True(after.FunderBalance > before, "the withdrawn ether went back to the funder");
    }

    [Fact]
    public async Task MoneyMoves_WithoutTheFundersKey_AreRefusedWithAClearError()
    {
        ChainConnection reader = await _chain.ConnectReadOnlyAsync();
        var wallet = new DvpnWallet(reader, funderChain: null, _chain.Contracts.Lottery, LotteryClient.NativeToken,
            DevnetChain.Address(5), DevnetChain.Address(6));

        Assert.False(wallet.CanMoveMoney);
        InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => wallet.FundAsync(Ether, 0));
        Assert.Contains("FunderKeystorePath", e.Message, StringComparison.Ordinal);
        Assert.Equal(BigInteger.Zero, (await wallet.GetAccountAsync()).Balance); // reads still work
    }
}
