using System.Numerics;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Chain.Tests.Tickets;

public sealed class SignedTicketTests
{
    private static readonly BigInteger s_mask64 = (BigInteger.One << 64) - 1;
    private static readonly BigInteger s_mask96 = (BigInteger.One << 96) - 1;

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in TicketVectors.All())
        {
            data.Add(v.Name);
        }

        return data;
    }

    private static EthAddress Address(BigInteger word) =>
        new(Secp256k1.Reference.ToBytes32(word >> 96).AsSpan(12));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void ToClaim_PacksEveryFieldBitExact(string vector)
    {
        var (_, domain, ticket) = TicketVectors.All().Single(v => v.Name == vector);
        using SignerKey key = SignerKey.Generate();
        using var signer = new TicketSigner(key, domain);
        SignedTicket signed = signer.Sign(ticket);
        byte[] reveal = TicketLottery.NewReveal();

        LotteryClaim claim = signed.ToClaim(reveal);

        Assert.Equal(reveal, claim.Reveal);
        Assert.Equal(ticket.Issued, (ulong)(claim.Packed0 >> 192));
        Assert.Equal(ticket.Nonce, (ulong)((claim.Packed0 >> 128) & s_mask64));
        Assert.Equal(ticket.WinProb, (ulong)((claim.Packed0 >> 64) & s_mask64));
        Assert.Equal(ticket.Expiry, (ulong)(claim.Packed0 & s_mask64));
        Assert.Equal(ticket.Token, Address(claim.Packed1));
        Assert.Equal(ticket.FaceValue, claim.Packed1 & s_mask96);
        Assert.Equal(ticket.Funder, Address(claim.Packed2));
        Assert.Equal(ticket.Data, claim.Packed2 & s_mask96);
        Assert.Equal(key.Address, Address(claim.Packed3));
        Assert.Equal(BigInteger.Zero, claim.Packed3 & s_mask96);
        Assert.True(claim.Packed0 < BigInteger.One << 256 && claim.Packed1 < BigInteger.One << 256);

        // r as is; vs = parity << 255 | s (EIP-2098).
        Assert.Equal(signed.Signature[..32].ToArray(), claim.R);
        Assert.Equal(32, claim.Vs.Length);
        var vs = new BigInteger(claim.Vs, isUnsigned: true, isBigEndian: true);
        Assert.Equal(new BigInteger(signed.Signature.Slice(32, 32), isUnsigned: true, isBigEndian: true), vs & ((BigInteger.One << 255) - 1));
        Assert.Equal(signed.Signature[64] - 27, (int)(vs >> 255));
    }

    [Fact]
    public void ToClaim_RejectsAWrongSizeReveal()
    {
        using SignerKey key = SignerKey.Generate();
        using var signer = new TicketSigner(key, TicketVectors.Domain);
        SignedTicket signed = signer.Sign(TicketVectors.Basic());
        Assert.Throws<ArgumentException>(() => signed.ToClaim(new byte[31]));
    }

    [Fact]
    public void ToClaim_RefusesANonCanonicalSignature()
    {
        byte[] sig = new byte[65];
        sig[31] = 1;
        sig[63] = 1;
        sig[64] = 29;
        var signed = new SignedTicket(TicketVectors.Basic(), TicketVectors.Funder, sig);
        Assert.Throws<InvalidOperationException>(() => signed.ToClaim(new byte[32]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(66)]
    public void Constructor_RejectsWrongSignatureLength(int length) =>
        Assert.Throws<ArgumentException>(() => new SignedTicket(TicketVectors.Basic(), TicketVectors.Funder, new byte[length]));

    [Theory]
    [InlineData(0, false)]
    [InlineData(64, false)]
    [InlineData(65, true)]
    [InlineData(66, false)]
    public void TryCreate_AcceptsOnly65ByteSignatures(int length, bool accepted)
    {
        Assert.Equal(accepted, SignedTicket.TryCreate(TicketVectors.Basic(), TicketVectors.Funder, new byte[length], out SignedTicket? signed));
        Assert.Equal(accepted, signed is not null);
    }
}
