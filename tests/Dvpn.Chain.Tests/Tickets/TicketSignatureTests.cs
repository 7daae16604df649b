using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Nethereum.Signer;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>Signing and the two verification paths, on good tickets and tampered ones.</summary>
public sealed class TicketSignatureTests : IDisposable
{
    private readonly SignerKey _key = SignerKey.Generate();
    private readonly TicketSigner _signer;
    private readonly TicketVerifier _verifier = new(TicketVectors.Domain);
    private readonly SignerPublicKey _knownKey;

    public TicketSignatureTests()
    {
        _signer = new TicketSigner(_key, TicketVectors.Domain);
        Assert.True(SignerPublicKey.TryCreate(_signer.PublicKey, out SignerPublicKey? known));
        _knownKey = known!;
    }

    public void Dispose()
    {
        _signer.Dispose();
        _key.Dispose();
    }

    /// <summary>Each case changes one signed field (or the domain) after signing.</summary>
    public static TheoryData<string> Tamperings() => new()
    {
        "recipient", "commit", "issued", "nonce", "faceValue", "winProb", "expiry", "token", "funder", "data",
    };

    private static Ticket Tamper(Ticket t, string field) => field switch
    {
        "recipient" => t with { Recipient = TicketVectors.Funder },
        "commit" => t with { Commit = new byte[32] },
        "issued" => t with { Issued = t.Issued + 1 },
        "nonce" => t with { Nonce = t.Nonce + 1 },
        "faceValue" => t with { FaceValue = t.FaceValue + 1 },
        "winProb" => t with { WinProb = t.WinProb + 1 },
        "expiry" => t with { Expiry = t.Expiry + 1 },
        "token" => t with { Token = EthAddress.Zero },
        "funder" => t with { Funder = TicketVectors.Provider },
        "data" => t with { Data = t.Data + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Fact]
    public void Sign_ThenRecover_YieldsTheSigner()
    {
        foreach (var (_, _, ticket) in TicketVectors.All())
        {
            SignedTicket signed = _signer.Sign(ticket);
            Assert.Equal(_key.Address, signed.Signer);
            Assert.True(_verifier.TryRecoverSigner(signed, out EthAddress recovered));
            Assert.Equal(_key.Address, recovered);
            Assert.True(_verifier.Verify(signed, _key.Address));
            Assert.True(_verifier.Verify(signed, _knownKey));
        }
    }

    [Fact]
    public void Sign_ProducesLowS_AndV27Or28_Deterministically()
    {
        for (ulong nonce = 1; nonce <= 50; nonce++)
        {
            SignedTicket signed = _signer.Sign(TicketVectors.Basic(nonce));
            ReadOnlySpan<byte> sig = signed.Signature;
            Assert.True(sig[64] is 27 or 28);
            var s = new BigInteger(sig.Slice(32, 32), isUnsigned: true, isBigEndian: true);
            Assert.True(s <= Secp256k1.Reference.N / 2);
            Assert.Equal(sig.ToArray(), _signer.Sign(TicketVectors.Basic(nonce)).Signature.ToArray());
        }
    }

    [Fact]
    public void Signature_RecoversWithNethereum()
    {
        SignedTicket signed = _signer.Sign(TicketVectors.Basic());
        var sig = EthECDSASignatureFactory.FromComponents(signed.Signature[..32].ToArray(), signed.Signature.Slice(32, 32).ToArray(), signed.Signature[64]);
        string recovered = EthECKey.RecoverFromSignature(sig, TicketVectors.Domain.Digest(signed.Ticket)).GetPublicAddress();
        Assert.Equal(_key.Address.ToString(), recovered);
    }

    [Fact]
    public void NethereumSignature_RecoversWithOurCode()
    {
        EthECKey key = EthECKey.GenerateKey();
        for (int i = 0; i < 20; i++)
        {
            byte[] digest = TicketVectors.Domain.Digest(TicketVectors.Basic((ulong)i + 1));
            EthECDSASignature sig = key.SignAndCalculateV(digest);
            byte[] sig65 = new byte[65];
            sig.R.CopyTo(sig65, 32 - sig.R.Length);
            sig.S.CopyTo(sig65, 64 - sig.S.Length);
            sig65[64] = sig.V[0];
            Assert.True(TicketVerifier.TryRecoverSigner(digest, sig65, out EthAddress recovered));
            Assert.Equal(key.GetPublicAddress(), recovered.ToString());
            Assert.True(SignerPublicKey.TryCreate(key.GetPubKey(), out SignerPublicKey? known));
            Assert.True(known!.Verify(digest, sig65));
        }
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void TamperedField_FailsVerification(string field)
    {
        SignedTicket signed = _signer.Sign(TicketVectors.Basic());
        var tampered = new SignedTicket(Tamper(signed.Ticket, field), signed.Signer, signed.Signature);

        Assert.False(_verifier.Verify(tampered, _key.Address));
        Assert.False(_verifier.Verify(tampered, _knownKey));
        Assert.True(!_verifier.TryRecoverSigner(tampered, out EthAddress who) || who != _key.Address);
    }

    [Fact]
    public void OtherDomain_FailsVerification()
    {
        SignedTicket signed = _signer.Sign(TicketVectors.Basic());
        Assert.False(new TicketVerifier(new TicketDomain(1, TicketVectors.Lottery)).Verify(signed, _key.Address));
        Assert.False(new TicketVerifier(new TicketDomain(31337, TicketVectors.Token)).Verify(signed, _knownKey));
    }

    [Fact]
    public void WrongClaimedSigner_FailsVerification()
    {
        SignedTicket signed = _signer.Sign(TicketVectors.Basic());
        var misattributed = new SignedTicket(signed.Ticket, TicketVectors.Funder, signed.Signature);
        Assert.False(_verifier.Verify(misattributed, _key.Address));
        Assert.False(_verifier.Verify(misattributed, TicketVectors.Funder));
        Assert.False(_verifier.Verify(misattributed, _knownKey));

        using SignerKey other = SignerKey.Generate();
        Assert.False(_verifier.Verify(signed, other.Address));
        Assert.True(SignerPublicKey.TryCreate(other.PublicKey, out SignerPublicKey? otherKey));
        Assert.False(_verifier.Verify(signed, otherKey!));
    }

    [Fact]
    public void TryRecoverSignerKey_BuildsAKeyThatVerifiesLaterTickets()
    {
        Assert.True(_verifier.TryRecoverSignerKey(_signer.Sign(TicketVectors.Basic(1)), out SignerPublicKey? key));
        Assert.Equal(_key.Address, key!.Address);
        Assert.Equal(_signer.PublicKey.ToArray(), key.Encoded.ToArray());
        Assert.True(_verifier.Verify(_signer.Sign(TicketVectors.Basic(2)), key));
    }

    /// <summary>Keys whose leading bytes are zero: Nethereum's recoverable signing fails on them.</summary>
    public static TheoryData<string> EdgeKeys() => new()
    {
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        "0000000000000000000000000000000000000000000000000000000000000001",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140",
    };

    [Theory]
    [MemberData(nameof(EdgeKeys))]
    public void Sign_WorksForEdgeKeys(string privateKeyHex)
    {
        using SignerKey key = SignerKey.FromPrivateKey(Convert.FromHexString(privateKeyHex));
        using var signer = new TicketSigner(key, TicketVectors.Domain);
        SignedTicket signed = signer.Sign(TicketVectors.Basic());
        Assert.True(_verifier.Verify(signed, key.Address));
        Assert.Equal(new EthECKey(privateKeyHex).GetPublicAddress(), key.Address.ToString());
    }

    [Fact]
    public void Sign_AfterDispose_Throws()
    {
        using SignerKey key = SignerKey.Generate();
        var signer = new TicketSigner(key, TicketVectors.Domain);
        signer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => signer.Sign(TicketVectors.Basic()));
    }

    [Fact]
    public void ToString_NeverShowsKeyOrSignature()
    {
        SignedTicket signed = _signer.Sign(TicketVectors.Basic());
        string r = Convert.ToHexStringLower(signed.Signature[..32]);
        string s = Convert.ToHexStringLower(signed.Signature.Slice(32, 32));
        string privateKey = Convert.ToHexStringLower(_key.PrivateKey);
        foreach (string text in new[] { signed.ToString(), _signer.ToString(), _key.ToString(), _knownKey.ToString() })
        {
            string lower = text.ToLowerInvariant();
            Assert.DoesNotContain(r, lower, StringComparison.Ordinal);
            Assert.DoesNotContain(s, lower, StringComparison.Ordinal);
            Assert.DoesNotContain(r[..16], lower, StringComparison.Ordinal);
            Assert.DoesNotContain(privateKey[..16], lower, StringComparison.Ordinal);
        }
    }
}
