using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>Hostile signatures: every one is rejected with a false, none throws.</summary>
public sealed class GarbageSignatureTests
{
    private static readonly BigInteger s_n = Secp256k1.Reference.N;
    private static readonly BigInteger s_p = Secp256k1.Reference.P;

    private static readonly Lazy<(SignerKey Key, SignedTicket Ticket, byte[] Digest)> s_good = new(() =>
    {
        var key = SignerKey.Generate();
        using var signer = new TicketSigner(key, TicketVectors.Domain);
        SignedTicket signed = signer.Sign(TicketVectors.Basic());
        return (key, signed, TicketVectors.Domain.Digest(signed.Ticket));
    });

    private static byte[] Word(BigInteger v) => Secp256k1.Reference.ToBytes32(v);

    private static byte[] Good => s_good.Value.Ticket.Signature.ToArray();

    private static byte[] With(Action<byte[]> change)
    {
        byte[] sig = Good;
        change(sig);
        return sig;
    }

    /// <summary>Names a garbage signature; <see cref="Build"/> makes it.</summary>
    public static TheoryData<string> Cases() => new()
    {
        "empty", "64 bytes", "66 bytes", "all zero", "all 0xff", "r zero", "s zero", "r = n", "s = n",
        "r above n", "high s (n - s)", "v 0", "v 1", "v 26", "v 29", "v 255", "r not an x on the curve",
        "r = p - 1 (above n)", "flipped parity",
    };

    private static byte[] Build(string name)
    {
        BigInteger s = new(Good.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        return name switch
        {
            "empty" => [],
            "64 bytes" => Good[..64],
            "66 bytes" => [.. Good, 0],
            "all zero" => new byte[65],
            "all 0xff" => Enumerable.Repeat((byte)0xFF, 65).ToArray(),
            "r zero" => With(sig => Array.Clear(sig, 0, 32)),
            "s zero" => With(sig => Array.Clear(sig, 32, 32)),
            "r = n" => With(sig => Word(s_n).CopyTo(sig, 0)),
            "s = n" => With(sig => Word(s_n).CopyTo(sig, 32)),
            "r above n" => With(sig => Word(s_n + 5).CopyTo(sig, 0)),
            "high s (n - s)" => With(sig =>
            {
                Word(s_n - s).CopyTo(sig, 32);
                sig[64] ^= 0x07; // 27 <-> 28: the mathematically equivalent signature, which Ethereum rejects
            }),
            "v 0" => With(sig => sig[64] = 0),
            "v 1" => With(sig => sig[64] = 1),
            "v 26" => With(sig => sig[64] = 26),
            "v 29" => With(sig => sig[64] = 29),
            "v 255" => With(sig => sig[64] = 255),
            "r not an x on the curve" => With(sig => Word(FirstNonCurveX()).CopyTo(sig, 0)),
            "r = p - 1 (above n)" => With(sig => Word(s_p - 1).CopyTo(sig, 0)),
            "flipped parity" => With(sig => sig[64] ^= 0x07),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static BigInteger FirstNonCurveX()
    {
        // x^3 + 7 must be a non-residue: Euler's criterion.
        for (BigInteger x = 1; ; x++)
        {
            BigInteger rhs = (BigInteger.ModPow(x, 3, s_p) + 7) % s_p;
            if (BigInteger.ModPow(rhs, (s_p - 1) / 2, s_p) != 1)
            {
                return x;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GarbageSignature_IsRejected_WithoutThrowing(string name)
    {
        byte[] bad = Build(name);
        (SignerKey key, SignedTicket ticket, byte[] digest) = s_good.Value;

        Assert.True(!TicketVerifier.TryRecoverSigner(digest, bad, out EthAddress who) || who != key.Address);
        Assert.True(SignerPublicKey.TryCreate(key.PublicKey, out SignerPublicKey? known));
        Assert.False(known!.Verify(digest, bad));

        if (bad.Length == SignedTicket.SignatureSize)
        {
            var verifier = new TicketVerifier(TicketVectors.Domain);
            var forged = new SignedTicket(ticket.Ticket, key.Address, bad);
            Assert.False(verifier.Verify(forged, key.Address));
            Assert.False(verifier.Verify(forged, known));
        }
    }

    [Fact]
    public void GoodSignature_PassesTheSameChecks()
    {
        (SignerKey key, _, byte[] digest) = s_good.Value;
        Assert.True(TicketVerifier.TryRecoverSigner(digest, Good, out EthAddress who));
        Assert.Equal(key.Address, who);
        Assert.True(SignerPublicKey.TryCreate(key.PublicKey, out SignerPublicKey? known));
        Assert.True(known!.Verify(digest, Good));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void WrongLengthDigest_IsRejected(int length)
    {
        (SignerKey key, _, _) = s_good.Value;
        Assert.False(TicketVerifier.TryRecoverSigner(new byte[length], Good, out _));
        Assert.True(SignerPublicKey.TryCreate(key.PublicKey, out SignerPublicKey? known));
        Assert.False(known!.Verify(new byte[length], Good));
    }

    public static TheoryData<string> BadPublicKeys() => new()
    {
        "empty", "63 bytes", "65 bytes, wrong prefix", "all zero", "off curve", "x = p",
    };

    [Theory]
    [MemberData(nameof(BadPublicKeys))]
    public void SignerPublicKey_RejectsBadKeys(string name)
    {
        byte[] good = s_good.Value.Key.PublicKey.ToArray();
        byte[] bad = name switch
        {
            "empty" => [],
            "63 bytes" => good[..63],
            "65 bytes, wrong prefix" => [0x02, .. good],
            "all zero" => new byte[64],
            "off curve" => [.. good[..63], (byte)(good[63] ^ 1)],
            "x = p" => [.. Word(s_p), .. good[32..]],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.False(SignerPublicKey.TryCreate(bad, out SignerPublicKey? key));
        Assert.Null(key);
    }

    [Fact]
    public void SignerPublicKey_AcceptsThe0x04Prefix()
    {
        byte[] good = s_good.Value.Key.PublicKey.ToArray();
        Assert.True(SignerPublicKey.TryCreate([0x04, .. good], out SignerPublicKey? key));
        Assert.Equal(s_good.Value.Key.Address, key!.Address);
    }
}
