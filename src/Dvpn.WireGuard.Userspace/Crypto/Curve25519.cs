using System.Security.Cryptography;
using BcX25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Dvpn.WireGuard.Userspace.Crypto;

/// <summary>X25519 (RFC 7748) for WireGuard's DH and DH-Generate (whitepaper §5.4).</summary>
internal static class Curve25519
{
    /// <summary>Length of private keys, public keys and shared secrets.</summary>
    public const int KeySize = 32;

    /// <summary>DH-Generate: a fresh clamped private key.</summary>
    public static void GeneratePrivateKey(Span<byte> privateKey)
    {
        RandomNumberGenerator.Fill(privateKey[..KeySize]);
        Clamp(privateKey);
    }

    /// <summary>Clamps a scalar as RFC 7748 §5 describes.</summary>
    public static void Clamp(Span<byte> privateKey)
    {
        privateKey[0] &= 248;
        privateKey[31] &= 127;
        privateKey[31] |= 64;
    }

    /// <summary>The public key of a private key.</summary>
    public static void PublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey) =>
        BcX25519.ScalarMultBase(privateKey[..KeySize], publicKey[..KeySize]);

    /// <summary>DH(private, public); false when the result is all zeros (a low-order point), which WireGuard rejects.</summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> sharedSecret) =>
        BcX25519.CalculateAgreement(privateKey[..KeySize], publicKey[..KeySize], sharedSecret[..KeySize]);
}
