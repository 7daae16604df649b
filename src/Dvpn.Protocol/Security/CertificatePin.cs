using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dvpn.Protocol.Security;

/// <summary>
/// Certificate pinning for the provider's public endpoint: the pin is SHA-256 of the certificate's DER bytes, as
/// published in the Directory. Names and issuers are ignored; only the pin counts.
/// </summary>
public static class CertificatePin
{
    /// <summary>Size of a pin.</summary>
    public const int Size = 32;

    /// <summary>SHA-256 of the certificate's DER encoding.</summary>
    public static byte[] Fingerprint(X509Certificate certificate) => throw new NotImplementedException();

    /// <summary>True when <paramref name="certificate"/> is present and its fingerprint equals <paramref name="pin"/> (constant time).</summary>
    public static bool Matches(X509Certificate? certificate, ReadOnlySpan<byte> pin) => throw new NotImplementedException();

    /// <summary>A validation callback for <see cref="SslClientAuthenticationOptions"/> that accepts only the pinned certificate.</summary>
    /// <exception cref="ArgumentException">The pin is not 32 bytes.</exception>
    public static RemoteCertificateValidationCallback CreateValidator(ReadOnlyMemory<byte> pin) => throw new NotImplementedException();
}
