using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>The verifier's cache of signer keys changes speed, never answers.</summary>
public sealed class TicketVerifierCacheTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256)]
    public void Verify_GivesTheSameAnswers_WhateverTheCacheSize(int cacheSize)
    {
        using SignerKey alice = SignerKey.Generate();
        using SignerKey bob = SignerKey.Generate();
        using var aliceSigner = new TicketSigner(alice, TicketVectors.Domain);
        using var bobSigner = new TicketSigner(bob, TicketVectors.Domain);
        var verifier = new TicketVerifier(TicketVectors.Domain, cacheSize);

        for (ulong nonce = 1; nonce <= 6; nonce++)
        {
            SignedTicket a = aliceSigner.Sign(TicketVectors.Basic(nonce));
            SignedTicket b = bobSigner.Sign(TicketVectors.Basic(nonce));
            Assert.True(verifier.Verify(a, alice.Address));
            Assert.True(verifier.Verify(b, bob.Address));
            Assert.False(verifier.Verify(a, bob.Address));
            Assert.False(verifier.Verify(new SignedTicket(a.Ticket with { Nonce = nonce + 100 }, a.Signer, a.Signature), alice.Address));
            Assert.False(verifier.Verify(new SignedTicket(b.Ticket, alice.Address, b.Signature), alice.Address));
            byte[] flipped = a.Signature.ToArray();
            flipped[64] ^= 0x07; // 27 <-> 28
            Assert.False(verifier.Verify(new SignedTicket(a.Ticket, a.Signer, flipped), alice.Address));
        }
    }

    [Fact]
    public void Constructor_RejectsNegativeCacheSize() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TicketVerifier(TicketVectors.Domain, -1));
}
