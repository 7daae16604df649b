using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dvpn.Protocol.Security;

/// <summary>
/// Certificate pinning for the provider's public endpoint: the pin is SHA-256 of the certificate's DER bytes, as
/// published in the Directory. Names and issuers are ignored; only the pin counts.
/// </summary>
public static class CertificatePin
{
    /// <summary>Size of a pin.</summary>
    public const int Size = SHA256.HashSizeInBytes;

    /// <summary>SHA-256 of the certificate's DER encoding.</summary>
    public static byte[] Fingerprint(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.GetRawCertData());
    }

    /// <summary>True when <paramref name="certificate"/> is present and its fingerprint equals <paramref name="pin"/> (constant time).</summary>
    public static bool Matches(X509Certificate? certificate, ReadOnlySpan<byte> pin) =>
        certificate is not null && pin.Length == Size && CryptographicOperations.FixedTimeEquals(Fingerprint(certificate), pin);

    /// <summary>A validation callback for <see cref="SslClientAuthenticationOptions"/> that accepts only the pinned certificate.</summary>
    /// <exception cref="ArgumentException">The pin is not 32 bytes.</exception>
    public static RemoteCertificateValidationCallback CreateValidator(ReadOnlyMemory<byte> pin)
    {
        if (pin.Length != Size)
        {
            throw new ArgumentException($"a certificate pin is {Size} bytes (SHA-256)", nameof(pin));
        }

        byte[] copy = pin.ToArray();

        // The chain and name errors are expected (providers use self-signed certificates); the pin replaces them.
        return (_, certificate, _, _) => Matches(certificate, copy);
    }
}
