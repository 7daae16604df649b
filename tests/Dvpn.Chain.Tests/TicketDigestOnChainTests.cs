using System.Numerics;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tests.Support;
using Dvpn.Chain.Tickets;

namespace Dvpn.Chain.Tests;

/// <summary>The C# EIP-712 digest must equal the contract's own, byte for byte, or no ticket would ever pay.</summary>
[Collection(AnvilCollection.Name)]
public sealed class TicketDigestOnChainTests(AnvilFixture anvil)
{
    public static TheoryData<ulong, ulong, string, ulong, ulong, string> Vectors => new()
    {
        { 1UL, 1UL, "1", 0UL, 1UL, "0" },
        { 1_700_000_000UL, 42UL, "1000000000000000000", ulong.MaxValue / 3, 1_700_003_600UL, "42" },
        { ulong.MaxValue, ulong.MaxValue, "79228162514264337593543950335", ulong.MaxValue, ulong.MaxValue, "79228162514264337593543950335" },
        { 0UL, 7UL, "123456789", 1UL << 63, 9UL, "1" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Digest_InCSharp_EqualsTheContractsDigest(ulong issued, ulong nonce, string face, ulong winProb, ulong expiry, string data)
    {
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 0, escrow: 0, erc20: true);
        Ticket ticket = book.Ticket(BigInteger.Parse(face, System.Globalization.CultureInfo.InvariantCulture), winProb, nonce, expiry) with
        {
            Issued = issued,
            Data = BigInteger.Parse(data, System.Globalization.CultureInfo.InvariantCulture),
        };

        byte[] onChain = await book.ProviderLottery.GetTicketDigestAsync(book.Provider.Address!, book.Claim(ticket));

        Assert.Equal(book.Signer.Domain.Digest(ticket), onChain);
    }

    [Fact]
    public async Task DomainSeparator_InCSharp_EqualsTheContracts()
    {
        var lottery = new LotteryClient(await anvil.ConnectAsync(0), anvil.Contracts.Lottery);
        var domain = new TicketDomain(lottery.Chain.ChainId, EthAddress.Parse(anvil.Contracts.Lottery));

        Assert.Equal(domain.Separator.ToArray(), await lottery.GetDomainSeparatorAsync());
    }

    [Fact]
    public async Task WinRule_InCSharp_AgreesWithTheContract()
    {
        // Half-probability tickets: the contract pays exactly those the C# rule calls winners.
        using TicketBook book = await TicketBook.OpenAsync(anvil, balance: 1_000_000, escrow: 0, erc20: true);
        var tickets = Enumerable.Range(0, 24).Select(_ => book.Ticket(1, winProb: 1UL << 63)).ToList();
        var expectedLosers = tickets.Where(t => !TicketLottery.IsWinner(book.Reveal, book.Signer.Domain.Digest(t), t.WinProb))
            .Select(t => t.Nonce).ToList();

        ClaimResult result = await book.ClaimAsync([.. tickets.Select(t => book.Claim(t))]);

        Assert.All(result.Skipped, s => Assert.Equal(SkipReason.NotWinner, s.Reason));
        Assert.Equal(expectedLosers, result.Skipped.Select(s => s.Nonce));
        Assert.Equal(24 - expectedLosers.Count, result.PaidTickets);
    }
}
