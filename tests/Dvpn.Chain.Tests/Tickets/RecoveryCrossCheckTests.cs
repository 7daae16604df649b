using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using NBitcoin.Secp256k1;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>
/// Our variable-time recovery against libsecp256k1 (NBitcoin's port) on random inputs: it must accept exactly what
/// Ethereum's ecrecover accepts (libsecp256k1's recovery plus the low-s rule) and recover the same address.
/// </summary>
public sealed class RecoveryCrossCheckTests
{
    private static readonly BigInteger HalfOrder =
        BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Recover_RandomSignaturesOfRandomKeys_MatchesTheSigner()
    {
        for (int i = 0; i < 200; i++)
        {
            using SignerKey key = SignerKey.Generate();
            byte[] digest = RandomNumberGenerator.GetBytes(32);
            using ECPrivKey priv = Context.Instance.CreateECPrivKey(key.PrivateKey);
            Assert.True(priv.TrySignRecoverable(digest, out SecpRecoverableECDSASignature? sig));
            byte[] compact = new byte[65];
            sig!.WriteToSpanCompact(compact.AsSpan(0, 64), out int recId);
            compact[64] = (byte)(27 + recId);

            Assert.True(TicketVerifier.TryRecoverSigner(digest, compact, out EthAddress recovered));
            Assert.Equal(key.Address, recovered);
        }
    }

    [Fact]
    public void Recover_RandomGarbage_AcceptsExactlyWhatEcrecoverAccepts()
    {
        int accepted = 0;
        for (int i = 0; i < 400; i++)
        {
            byte[] digest = RandomNumberGenerator.GetBytes(32);
            byte[] signature = RandomNumberGenerator.GetBytes(65);
            signature[64] = (byte)(27 + (i & 1));
            if ((i & 2) == 0)
            {
                signature[32] &= 0x7f; // half the cases low-s, so that both outcomes are exercised
            }

            bool ours = TicketVerifier.TryRecoverSigner(digest, signature, out EthAddress oursAddress);
            bool reference = ReferenceRecover(digest, signature, out EthAddress referenceAddress);

            Assert.Equal(reference, ours);
            if (ours)
            {
                Assert.Equal(referenceAddress, oursAddress);
                accepted++;
            }
        }

        Assert.InRange(accepted, 50, 400); // the comparison really covered accepted signatures
    }

    private static bool ReferenceRecover(byte[] digest, byte[] signature, out EthAddress address)
    {
        address = default;
        BigInteger s = new(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        if (s.IsZero || s > HalfOrder)
        {
            return false; // Ethereum's ecrecover precompile is fine with high s, but the Lottery (OpenZeppelin ECDSA) is not
        }

        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature.AsSpan(0, 64), signature[64] - 27, out SecpRecoverableECDSASignature? sig)
            || !ECPubKey.TryRecover(Context.Instance, sig!, digest, out ECPubKey? pub))
        {
            return false;
        }

        byte[] uncompressed = new byte[65];
        pub!.WriteToSpan(compressed: false, uncompressed, out _);
        address = EthAddress.FromPublicKey(uncompressed.AsSpan(1));
        return true;
    }
}
