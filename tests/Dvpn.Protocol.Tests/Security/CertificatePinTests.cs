using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dvpn.Protocol.Security;

namespace Dvpn.Protocol.Tests.Security;

public sealed class CertificatePinTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dvpn-provider", key, HashAlgorithmName.SHA256);
        using X509Certificate2 withKey = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        // Round-trip through PKCS#12 so that SslStream can use the private key on Linux.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public void Fingerprint_IsSha256OfDer()
    {
        using X509Certificate2 certificate = SelfSigned();
        Assert.Equal(SHA256.HashData(certificate.RawData), CertificatePin.Fingerprint(certificate));
        Assert.True(CertificatePin.Matches(certificate, SHA256.HashData(certificate.RawData)));
        Assert.False(CertificatePin.Matches(certificate, new byte[32]));
        Assert.False(CertificatePin.Matches(null, SHA256.HashData(certificate.RawData)));
        Assert.Throws<ArgumentException>(() => CertificatePin.CreateValidator(new byte[31]));
    }

    [Fact]
    public async Task Handshake_WithPinnedSelfSignedCertificate_Succeeds()
    {
        using X509Certificate2 certificate = SelfSigned();
        await HandshakeAsync(certificate, CertificatePin.Fingerprint(certificate));
    }

    [Fact]
    public async Task Handshake_WithAnotherCertificate_Fails()
    {
        using X509Certificate2 certificate = SelfSigned();
        using X509Certificate2 impostor = SelfSigned();
        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(impostor, CertificatePin.Fingerprint(certificate)));
    }

    private static async Task HandshakeAsync(X509Certificate2 serverCertificate, byte[] pin)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Task server = Task.Run(async () =>
        {
            using TcpClient accepted = await listener.AcceptTcpClientAsync(timeout.Token);
            await using var tls = new SslStream(accepted.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serverCertificate }, timeout.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
                // The client hung up on a certificate it did not pin.
            }
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await using var clientTls = new SslStream(client.GetStream(), false, CertificatePin.CreateValidator(pin));
        try
        {
            await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "provider.invalid" }, timeout.Token);
        }
        finally
        {
            client.Close();
            await server;
        }
    }
}
