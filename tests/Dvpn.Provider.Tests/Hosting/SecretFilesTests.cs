using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dvpn.Provider.Hosting;
using Dvpn.WireGuard;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Provider.Tests.Hosting;

/// <summary>The data directory's secrets: made once, reused on every later start, readable by the owner only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dvpn-provider-host-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string DataDirectory => Path.Combine(_root, "data");

    [Fact]
    public void EnsureDirectory_New_IsCreated0700()
    {
        SecureFiles.EnsureDirectory(DataDirectory);

        Assert.Equal(SecureFiles.DirectoryMode, File.GetUnixFileMode(DataDirectory));
    }

    [Fact]
    public void EnsureDirectory_ExistingWithLooseMode_IsTightenedTo0700()
    {
        Directory.CreateDirectory(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        SecureFiles.EnsureDirectory(DataDirectory);

        Assert.Equal(SecureFiles.DirectoryMode, File.GetUnixFileMode(DataDirectory));
    }

    [Fact]
    public void Certificate_FirstRun_SelfSignedP256WithKeyInA0600File()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, TlsCertificateStore.FileName);

        using X509Certificate2 certificate = TlsCertificateStore.LoadOrCreate(path, _time, out bool created);

        Assert.True(created);
        Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(path));
        Assert.True(certificate.HasPrivateKey);
        using ECDsa? key = certificate.GetECDsaPrivateKey();
        Assert.NotNull(key);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // secp256r1 (P-256)
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.True(certificate.NotBefore.ToUniversalTime() <= _time.GetUtcNow().UtcDateTime);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Certificate_SecondRun_ReusesTheSameCertificate()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, TlsCertificateStore.FileName);
        using X509Certificate2 first = TlsCertificateStore.LoadOrCreate(path, _time, out _);
        _time.Advance(TimeSpan.FromDays(1));

        using X509Certificate2 second = TlsCertificateStore.LoadOrCreate(path, _time, out bool created);

        Assert.False(created);
        Assert.Equal(first.RawData, second.RawData);
        Assert.Equal(Dvpn.Protocol.Security.CertificatePin.Fingerprint(first), Dvpn.Protocol.Security.CertificatePin.Fingerprint(second));
        Assert.True(second.HasPrivateKey);
    }

    [Fact]
    public void Certificate_DamagedFile_ThrowsAndIsLeftAlone()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, TlsCertificateStore.FileName);
        File.WriteAllBytes(path, [1, 2, 3, 4]);

        Assert.ThrowsAny<CryptographicException>(() => TlsCertificateStore.LoadOrCreate(path, _time, out _));
        Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(path));
    }

    [Fact]
    public void WireGuardKey_FirstRunCreated0600_SecondRunSameKey()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, WireGuardKeyFile.FileName);

        using PrivateKey first = WireGuardKeyFile.LoadOrCreate(path, out bool createdFirst);
        using PrivateKey second = WireGuardKeyFile.LoadOrCreate(path, out bool createdSecond);

        Assert.True(createdFirst);
        Assert.False(createdSecond);
        Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(path));
        Assert.Equal(first.PublicKey, second.PublicKey);
    }

    [Fact]
    public void WireGuardKey_ExistingLooseFile_IsTightenedTo0600()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, WireGuardKeyFile.FileName);
        using (PrivateKey key = PrivateKey.Generate())
        {
            File.WriteAllText(path, key.ExportBase64() + "\n");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        using PrivateKey loaded = WireGuardKeyFile.LoadOrCreate(path, out _);

        Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void WireGuardKey_GarbageFile_IsAFormatError()
    {
        SecureFiles.EnsureDirectory(DataDirectory);
        string path = Path.Combine(DataDirectory, WireGuardKeyFile.FileName);
        File.WriteAllText(path, "not a key\n");

        Assert.Throws<FormatException>(() => WireGuardKeyFile.LoadOrCreate(path, out _));
    }

    [Fact]
    public void Passphrase_FromFile_IsItsFirstLine()
    {
        string file = Path.Combine(_root, "passphrase");
        File.WriteAllText(file, "correct horse\nignored\n");

        char[] passphrase = KeystorePassphrase.Read(new KeystoreOptions { PassphraseFile = file });

        Assert.Equal("correct horse", new string(passphrase));
    }

    [Fact]
    public void Passphrase_MissingFile_NamesTheSetting()
    {
        ProviderStartupException e = Assert.Throws<ProviderStartupException>(() =>
            KeystorePassphrase.Read(new KeystoreOptions { PassphraseFile = Path.Combine(_root, "missing") }));

        Assert.Equal("Provider:Keystore:PassphraseFile", e.Setting);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
