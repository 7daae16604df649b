using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Tests.Payments;

public sealed class TicketRulesTests : IDisposable
{
    private static readonly byte[] Reveal = TicketLottery.NewReveal();
    private static readonly byte[] OldReveal = TicketLottery.NewReveal();
    private readonly TicketSigner _signer = ProtocolFixtures.NewSigner();
    private readonly TicketVerifier _verifier = new(ProtocolFixtures.Domain);

    public void Dispose() => _signer.Dispose();

    private TicketExpectations Expect(ulong lastNonce = 0) => new()
    {
        Recipient = ProtocolFixtures.Provider,
        Funder = ProtocolFixtures.Funder,
        Signer = _signer.Address,
        Token = ProtocolFixtures.Native,
        Commit = TicketLottery.Commit(Reveal),
        PreviousCommit = TicketLottery.Commit(OldReveal),
        PreviousCommitValidUntil = ProtocolFixtures.Now + TimeSpan.FromSeconds(30),
        LastNonce = lastNonce,
        MinLifetime = TimeSpan.FromHours(1),
        ClaimCost = BigInteger.Pow(10, 14),
        AccountBalance = BigInteger.Pow(10, 18),
    };

    private Ticket Good(ulong nonce = 5) => ProtocolFixtures.Ticket(ProtocolFixtures.Funder, TicketLottery.Commit(Reveal), nonce);

    private TicketVerdict Check(Ticket ticket, TicketExpectations? expectations = null, DateTimeOffset? now = null) =>
        TicketRules.Check(_signer.Sign(ticket), expectations ?? Expect(), _verifier, now ?? ProtocolFixtures.Now);

    [Fact]
    public void Ticket_Good_IsAccepted() => Assert.Equal(TicketVerdict.Accepted, Check(Good()));

    [Fact]
    public void Ticket_ForAnotherRecipient_IsWrongRecipient() =>
        Assert.Equal(TicketVerdict.WrongRecipient, Check(Good() with { Recipient = ProtocolFixtures.Funder }));

    [Fact]
    public void Ticket_FromAnotherAccount_IsWrongAccount()
    {
        Assert.Equal(TicketVerdict.WrongAccount, Check(Good() with { Funder = ProtocolFixtures.Lottery }));
        Assert.Equal(TicketVerdict.WrongAccount, Check(Good() with { Token = ProtocolFixtures.Lottery }));
    }

    [Fact]
    public void Ticket_WithUnknownCommit_IsStaleCommit() =>
        Assert.Equal(TicketVerdict.StaleCommit, Check(Good() with { Commit = TicketLottery.Commit(TicketLottery.NewReveal()) }));

    [Fact]
    public void Ticket_WithPreviousCommit_IsAcceptedOnlyDuringGrace()
    {
        Ticket ticket = Good() with { Commit = TicketLottery.Commit(OldReveal) };
        Assert.Equal(TicketVerdict.Accepted, Check(ticket, now: ProtocolFixtures.Now + TimeSpan.FromSeconds(29)));
        Assert.Equal(TicketVerdict.StaleCommit, Check(ticket, now: ProtocolFixtures.Now + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Ticket_ExpiringInsideMinLifetime_IsExpired()
    {
        ulong soon = (ulong)(ProtocolFixtures.Now + TimeSpan.FromMinutes(59)).ToUnixTimeSeconds();
        Assert.Equal(TicketVerdict.Expired, Check(Good() with { Expiry = soon }));
        Assert.Equal(TicketVerdict.Expired, Check(Good() with { Expiry = 1 }));
        Assert.Equal(TicketVerdict.Accepted, Check(Good() with { Expiry = soon + 60 }));
    }

    [Fact]
    public void Ticket_IssuedInTheFuture_IsMalformed() =>
        Assert.Equal(TicketVerdict.Malformed, Check(Good() with { Issued = (ulong)ProtocolFixtures.Now.ToUnixTimeSeconds() + 120 }));

    [Theory]
    [InlineData(5, 5)]
    [InlineData(4, 5)]
    [InlineData(1, 9)]
    public void Ticket_NonceNotAboveLast_IsReplayed(ulong nonce, ulong last) =>
        Assert.Equal(TicketVerdict.Replayed, Check(Good(nonce), Expect(lastNonce: last)));

    [Fact]
    public void Ticket_FaceValueAtClaimCost_IsBelowClaimCost()
    {
        Assert.Equal(TicketVerdict.BelowClaimCost, Check(Good() with { FaceValue = BigInteger.Pow(10, 14) }));
        Assert.Equal(TicketVerdict.Accepted, Check(Good() with { FaceValue = BigInteger.Pow(10, 14) + 1 }));
    }

    [Fact]
    public void Ticket_FaceValueAboveBalance_IsUnfunded() =>
        Assert.Equal(TicketVerdict.Unfunded, Check(Good() with { FaceValue = BigInteger.Pow(10, 18) + 1 }));

    [Fact]
    public void Ticket_SignedByAnotherKey_IsBadSignature()
    {
        using TicketSigner other = ProtocolFixtures.NewSigner();
        SignedTicket forged = new(Good(), _signer.Address, other.Sign(Good()).Signature);
        Assert.Equal(TicketVerdict.BadSignature, TicketRules.Check(forged, Expect(), _verifier, ProtocolFixtures.Now));
    }

    [Fact]
    public void Ticket_SignedForAnotherChain_IsBadSignature()
    {
        using var otherChain = new TicketSigner(Chain.Wallet.SignerKey.Generate(), new TicketDomain(1, ProtocolFixtures.Lottery));
        SignedTicket ticket = otherChain.Sign(Good());
        TicketExpectations expect = Expect();
        var forSigner = new TicketExpectations
        {
            Recipient = expect.Recipient, Funder = expect.Funder, Signer = otherChain.Address, Token = expect.Token, Commit = expect.Commit,
            LastNonce = 0, MinLifetime = expect.MinLifetime, ClaimCost = expect.ClaimCost, AccountBalance = expect.AccountBalance,
        };
        Assert.Equal(TicketVerdict.BadSignature, TicketRules.Check(ticket, forSigner, _verifier, ProtocolFixtures.Now));
    }
}
