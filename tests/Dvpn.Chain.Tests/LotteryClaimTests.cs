using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tests.Support;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Tokens;
using Dvpn.Chain.Wallet;

namespace Dvpn.Chain.Tests;

[Collection(AnvilCollection.Name)]
public sealed class LotteryClaimTests(AnvilFixture anvil)
{
    private static readonly BigInteger Ether = TicketBook.Ether;

    private Task<BigInteger> NativeBalance(string address) => anvil.ConnectAsync(0).ContinueWith(c => c.Result.GetNativeBalanceAsync(address)).Unwrap();

    [Fact]
    public async Task Claim_WinningNativeTicket_PaysFaceValueToTheRecipient()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: Ether, escrow: Ether / 2);
        BigInteger before = await NativeBalance(book.Provider.Address!);

        ClaimResult result = await book.ClaimAsync(book.Claim(Ether / 10));

        Assert.Empty(result.Skipped);
        Assert.Equal(1, result.PaidTickets);
        Assert.Equal(Ether / 10, result.TotalPaid(LotteryClient.NativeToken));
        BigInteger gasCost = result.GasUsed * await GasPriceOf(result.TransactionHash);
        Assert.Equal(before + Ether / 10 - gasCost, await NativeBalance(book.Provider.Address!));
        LotteryAccount account = await book.AccountAsync();
        Assert.Equal(Ether - Ether / 10, account.Balance);
        Assert.Equal(Ether / 2, account.Escrow);
    }

    [Fact]
    public async Task Claim_WinningErc20Ticket_PaysTokensToTheRecipient()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        var token = new TokenClient(book.Provider, anvil.Contracts.StakeToken);

        ClaimResult result = await book.ClaimAsync(book.Claim(300));

        Assert.Equal(1, result.PaidTickets);
        Assert.Equal(300, await token.BalanceOfAsync(book.Provider.Address!));
        Assert.Equal(700, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_ReplayedTicket_PaysNothingTheSecondTime()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        var claim = book.Claim(100);
        await book.ClaimAsync(claim);

        ClaimResult replay = await book.ClaimAsync(claim);

        SkippedTicket skipped = Assert.Single(replay.Skipped);
        Assert.Equal(SkipReason.NonceUsed, skipped.Reason);
        Assert.Equal(0, replay.PaidTickets);
        Assert.Equal(900, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_LowerNonceAfterHigher_IsSkippedAsNonceUsed()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        var low = book.Claim(book.Ticket(10, nonce: 5));
        var high = book.Claim(book.Ticket(10, nonce: 9));

        ClaimResult result = await book.ClaimAsync(high, low);

        Assert.Equal(SkipReason.NonceUsed, Assert.Single(result.Skipped).Reason);
        Assert.Equal(5UL, result.Skipped[0].Nonce);
        Assert.Equal((9UL, book.Now + 3600), await book.ProviderLottery.GetReplayRecordAsync(book.Provider.Address!, book.SignerAddress));
    }

    [Fact]
    public async Task Claim_LosingTicket_IsSkippedAsNotWinner()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);

        ClaimResult result = await book.ClaimAsync(book.Claim(book.Ticket(100, winProb: 0)));

        Assert.Equal(SkipReason.NotWinner, Assert.Single(result.Skipped).Reason);
        Assert.Equal(1000, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_ExpiredTicket_IsSkippedAsExpired()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);

        ClaimResult result = await book.ClaimAsync(book.Claim(book.Ticket(100, expiry: book.Now - 1)));

        Assert.Equal(SkipReason.Expired, Assert.Single(result.Skipped).Reason);
        Assert.Equal(1000, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_WrongReveal_IsSkippedAsBadSignature()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);

        ClaimResult result = await book.ClaimAsync(book.Claim(book.Ticket(100), reveal: TicketLottery.NewReveal()));

        Assert.Equal(SkipReason.BadSignature, Assert.Single(result.Skipped).Reason);
        Assert.Equal(1000, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_SignedByAnotherKey_IsSkippedAsBadSignature()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        using var forger = SignerKey.Generate();
        using var forgerSigner = new TicketSigner(forger, book.Signer.Domain);
        var claim = forgerSigner.Sign(book.Ticket(100)).ToClaim(book.Reveal);
        claim.Packed3 = book.Claim(book.Ticket(1)).Packed3; // claims to come from the funded signer

        ClaimResult result = await book.ClaimAsync(claim);

        Assert.Equal(SkipReason.BadSignature, Assert.Single(result.Skipped).Reason);
        Assert.Equal(1000, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_TicketForAnotherChain_IsSkippedAsBadSignature()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        using var otherChain = new TicketSigner(book.SignerKey, new TicketDomain(1, book.Signer.Domain.Lottery));

        ClaimResult result = await book.ClaimAsync(otherChain.Sign(book.Ticket(100)).ToClaim(book.Reveal));

        Assert.Equal(SkipReason.BadSignature, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task Claim_TicketForAnotherContract_IsSkippedAsBadSignature()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        using var otherContract = new TicketSigner(book.SignerKey, new TicketDomain(book.Signer.Domain.ChainId, EthAddress.Parse(anvil.Contracts.Directory)));

        ClaimResult result = await book.ClaimAsync(otherContract.Sign(book.Ticket(100)).ToClaim(book.Reveal));

        Assert.Equal(SkipReason.BadSignature, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task Claim_TicketForAnotherRecipient_IsSkippedAsBadSignature()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        ChainConnection other = await anvil.ConnectFreshAsync();

        ClaimResult result = await book.ClaimAsync(book.Claim(book.Ticket(100, recipient: other.Address)));

        Assert.Equal(SkipReason.BadSignature, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task Claim_UnfundedAccount_IsSkippedAsUnfunded()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 0, escrow: 0, erc20: true);

        ClaimResult result = await book.ClaimAsync(book.Claim(100));

        Assert.Equal(SkipReason.Unfunded, Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public async Task Claim_Overdrawn_PaysWhatIsLeftAndBurnsTheEscrow()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 100, escrow: 50, erc20: true);
        var token = new TokenClient(book.Provider, anvil.Contracts.StakeToken);
        BigInteger burnedBefore = await book.ProviderLottery.GetBurnedAsync(book.Token);

        ClaimResult result = await book.ClaimAsync(book.Claim(250));

        Assert.Equal(100, result.TotalPaid(book.Token));
        BurnedEscrow burned = Assert.Single(result.Burned);
        Assert.Equal(50, burned.Amount);
        Assert.Equal(100, await token.BalanceOfAsync(book.Provider.Address!));
        LotteryAccount account = await book.AccountAsync();
        Assert.Equal(0, account.Balance);
        Assert.Equal(0, account.Escrow);
        Assert.Equal(burnedBefore + 50, await book.ProviderLottery.GetBurnedAsync(book.Token));
    }

    [Fact]
    public async Task Claim_BatchWithBadTickets_PaysTheGoodOnesAndDoesNotRevert()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        var claims = new[]
        {
            book.Claim(10),
            book.Claim(book.Ticket(10, winProb: 0)),
            book.Claim(book.Ticket(10), reveal: TicketLottery.NewReveal()),
            book.Claim(20),
            book.Claim(book.Ticket(10, expiry: book.Now - 1)),
            book.Claim(30),
        };

        ClaimResult result = await book.ClaimAsync(claims);

        Assert.Equal(3, result.PaidTickets);
        Assert.Equal(60, result.TotalPaid(book.Token));
        Assert.Equal([SkipReason.NotWinner, SkipReason.BadSignature, SkipReason.Expired], result.Skipped.Select(s => s.Reason));
        Assert.Equal(940, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_MixedTokens_AggregatesOnePayoutPerTokenRun()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: Ether, escrow: Ether);
        // The same signer also has an account in the ERC-20: one replay record covers both tokens.
        await anvil.MintAsync(book.Funder.Address!, 1000);
        await book.FunderLottery.FundAsync(anvil.Contracts.StakeToken, book.SignerAddress, 1000, 0);
        EthAddress erc20 = EthAddress.Parse(anvil.Contracts.StakeToken);
        var claims = new[]
        {
            book.Claim(100), book.Claim(200), book.Claim(book.Ticket(7) with { Token = erc20 }), book.Claim(book.Ticket(8) with { Token = erc20 }),
        };

        ClaimResult result = await book.ClaimAsync([.. LotteryClient.SortForClaim(claims.Reverse())]);

        Assert.Empty(result.Skipped);
        Assert.Equal(2, result.Payouts.Count);
        Assert.Equal(300, result.TotalPaid(LotteryClient.NativeToken));
        Assert.Equal(15, result.TotalPaid(anvil.Contracts.StakeToken));
        Assert.All(result.Payouts, p => Assert.Equal(2, p.Tickets));
    }

    [Fact]
    public async Task SortForClaim_OrdersBySignerThenNonce_WhateverTheToken()
    {
        using TicketBook a = await TicketBook.OpenAsync(anvil, balance: 0, escrow: 0);
        using TicketBook b = await TicketBook.OpenAsync(anvil, balance: 0, escrow: 0);
        EthAddress erc20 = EthAddress.Parse(anvil.Contracts.StakeToken);
        var claims = new[]
        {
            a.Claim(a.Ticket(1, nonce: 3)), b.Claim(b.Ticket(1, nonce: 2)), a.Claim(a.Ticket(1, nonce: 1) with { Token = erc20 }),
            b.Claim(b.Ticket(1, nonce: 1)), a.Claim(a.Ticket(1, nonce: 2)),
        };

        var sorted = LotteryClient.SortForClaim(claims);

        var keys = sorted.Select(c => (Signer: c.Packed3 >> 96, Nonce: (ulong)((c.Packed0 >> 128) & ulong.MaxValue))).ToList();
        Assert.Equal(keys.OrderBy(k => k.Signer).ThenBy(k => k.Nonce), keys);
        Assert.Equal([1UL, 2UL, 3UL], keys.Where(k => k.Signer == (claims[0].Packed3 >> 96)).Select(k => k.Nonce));
    }

    [Fact]
    public async Task Sweep_AfterEveryClaimedTicketExpired_DeletesTheRecord_AndTheTicketsStayUnpayable()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1000, escrow: 500, erc20: true);
        var claim = book.Claim(book.Ticket(100, expiry: book.Now + 600));
        await book.ClaimAsync(claim);

        await book.ProviderLottery.SweepAsync([book.SignerAddress]);
        Assert.Equal(1UL, (await book.ProviderLottery.GetReplayRecordAsync(book.Provider.Address!, book.SignerAddress)).HighNonce);

        await anvil.Node.IncreaseTimeAsync(TimeSpan.FromSeconds(601));
        await book.ProviderLottery.SweepAsync([book.SignerAddress]);
        Assert.Equal((0UL, 0UL), await book.ProviderLottery.GetReplayRecordAsync(book.Provider.Address!, book.SignerAddress));

        ClaimResult replay = await book.ClaimAsync(claim);
        Assert.Equal(SkipReason.Expired, Assert.Single(replay.Skipped).Reason);
        Assert.Equal(900, (await book.AccountAsync()).Balance);
    }

    [Fact]
    public async Task Claim_EmptyBatch_IsRefusedBeforeSending()
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 0, escrow: 0);
        await Assert.ThrowsAsync<ArgumentException>(() => book.ProviderLottery.ClaimAsync([]));
    }

    private async Task<BigInteger> GasPriceOf(string txHash)
    {
        ChainConnection c = await anvil.ConnectAsync(0);
        var receipt = await c.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash);
        return receipt.EffectiveGasPrice.Value;
    }
}
