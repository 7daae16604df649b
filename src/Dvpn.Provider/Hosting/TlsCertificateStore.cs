using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dvpn.Chain.Wallet;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// The public endpoint's certificate: self-signed ECDSA P-256, made on first start and kept in
/// <c>&lt;DataDirectory&gt;/tls.pfx</c> (0600), because clients pin its SHA-256 fingerprint from the Directory and a
/// new one on every start would break every pin. Names and dates are irrelevant to a pinning client.
/// </summary>
internal static class TlsCertificateStore
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "tls.pfx";

    /// <summary>Validity of a new certificate; pinning clients ignore it, other tools like it long.</summary>
    private static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    /// <summary>Loads the certificate from <paramref name="path"/>, creating it first when the file does not exist.</summary>
    /// <param name="path">The pfx file.</param>
    /// <param name="timeProvider">The clock for the new certificate's validity.</param>
    /// <param name="created">True when the certificate was made now.</param>
    /// <exception cref="CryptographicException">The file exists but is not a usable PKCS#12 with a private key.</exception>
    public static X509Certificate2 LoadOrCreate(string path, TimeProvider timeProvider, out bool created)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        created = !File.Exists(path);
        if (created)
        {
            SecureFile.WriteAtomically(path, Create(timeProvider.GetUtcNow()), overwrite: true);
        }
        else
        {
            SecureFiles.Tighten(path);
        }

        X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password: null,
            X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey || certificate.GetECDsaPrivateKey() is null)
        {
            certificate.Dispose();
            throw new CryptographicException($"'{path}' holds no ECDSA private key");
        }

        return certificate;
    }

    /// <summary>A new self-signed P-256 certificate as PKCS#12 bytes (no password: the file mode protects it).</summary>
    private static byte[] Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dvpn-provider", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
