using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Chain.Wallet;
using Dvpn.Devnet;
using Dvpn.Provider.Hosting;

namespace Dvpn.Provider.Tests.Hosting;

/// <summary>
/// The executable's start failures: exit code 2 and one critical line naming the setting, no stack trace. Also that
/// the secrets made by the first start (data directory 0700, certificate and WireGuard key 0600) are reused by the next.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ExecutableTests : IDisposable
{
    private const string Passphrase = "provider test passphrase";
    private readonly string _root = Directory.CreateTempSubdirectory("dvpn-provider-exe-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    [Fact]
    public async Task InvalidConfiguration_ExitsWith2AndOneCriticalLine()
    {
        (int exitCode, string output) = await ProviderRun.RunAsync(["--Provider:DataDirectory=" + DataDirectory]);

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains("Provider cannot start: invalid configuration", critical, StringComparison.Ordinal);
        Assert.Contains("Provider:Chain:RpcUrls is empty", critical, StringComparison.Ordinal);
        AssertNoStackTrace(output);
        Assert.False(Directory.Exists(DataDirectory)); // refused before touching anything
    }

    [Fact]
    public async Task MissingKeystore_ExitsWith2NamingKeystorePath()
    {
        (int exitCode, string output) = await ProviderRun.RunAsync(Arguments(Path.Combine(_root, "missing.json"), "http://127.0.0.1:9"),
            new Dictionary<string, string> { ["DVPN_PROVIDER_PASSPHRASE"] = Passphrase });

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains("[setting: Provider:Keystore:Path]", critical, StringComparison.Ordinal);
        AssertNoStackTrace(output);
    }

    [Fact]
    public async Task NoPassphrase_ExitsWith2NamingThePassphraseSettings()
    {
        (int exitCode, string output) = await ProviderRun.RunAsync(Arguments(WriteKeystore(), "http://127.0.0.1:9"));

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains("no keystore passphrase was given", critical, StringComparison.Ordinal);
        Assert.Contains("DVPN_PROVIDER_PASSPHRASE", critical, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassphrase_ExitsWith2NamingThePassphraseFile()
    {
        string passphraseFile = Path.Combine(_root, "passphrase");
        await File.WriteAllTextAsync(passphraseFile, "not the passphrase\n");

        (int exitCode, string output) = await ProviderRun.RunAsync(
            [.. Arguments(WriteKeystore(), "http://127.0.0.1:9"), "--Provider:Keystore:PassphraseFile=" + passphraseFile]);

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains("the passphrase does not open the keystore", critical, StringComparison.Ordinal);
        Assert.Contains("[setting: Provider:Keystore:PassphraseFile]", critical, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableChain_ExitsWith2NamingRpcUrls_AndKeepsItsSecretsForTheNextStart()
    {
        string keystore = WriteKeystore();
        var environment = new Dictionary<string, string> { ["DVPN_PROVIDER_PASSPHRASE"] = Passphrase };
        string closedPort = ClosedLoopbackUrl();

        (int exitCode, string output) = await ProviderRun.RunAsync(Arguments(keystore, closedPort), environment);

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains("cannot reach the chain", critical, StringComparison.Ordinal);
        Assert.Contains("[setting: Provider:Chain:RpcUrls]", critical, StringComparison.Ordinal);
        AssertNoStackTrace(output);
        Assert.Equal(SecureFiles.DirectoryMode, File.GetUnixFileMode(DataDirectory));
        string certificate = Path.Combine(DataDirectory, TlsCertificateStore.FileName);
        string wireGuardKey = Path.Combine(DataDirectory, WireGuardKeyFile.FileName);
        Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(certificate));
        Assert.Equal(SecureFiles.FileMode, File.GetUnixFileMode(wireGuardKey));
        Assert.Contains("Created the TLS certificate", output, StringComparison.Ordinal);
        byte[] certificateBytes = await File.ReadAllBytesAsync(certificate);
        byte[] keyBytes = await File.ReadAllBytesAsync(wireGuardKey);

        (int secondExit, string secondOutput) = await ProviderRun.RunAsync(Arguments(keystore, closedPort), environment);

        Assert.Equal(ProviderHost.ExitStartupFailed, secondExit);
        Assert.Contains("Loaded the TLS certificate", secondOutput, StringComparison.Ordinal);
        Assert.Contains("Loaded the WireGuard key", secondOutput, StringComparison.Ordinal);
        Assert.Equal(certificateBytes, await File.ReadAllBytesAsync(certificate));
        Assert.Equal(keyBytes, await File.ReadAllBytesAsync(wireGuardKey));
    }

    [Fact]
    public async Task WrongChainId_ExitsWith2NamingChainId()
    {
        await using AnvilNode anvil = await AnvilNode.StartAsync();

        (int exitCode, string output) = await ProviderRun.RunAsync(
            [.. Arguments(WriteKeystore(), anvil.RpcUrl.ToString()), "--Provider:Chain:ChainId=1"],
            new Dictionary<string, string> { ["DVPN_PROVIDER_PASSPHRASE"] = Passphrase });

        Assert.Equal(ProviderHost.ExitStartupFailed, exitCode);
        string critical = Assert.Single(Lines(output), l => l.Contains("[FTL]", StringComparison.Ordinal));
        Assert.Contains($"the RPC node is on chain {AnvilNode.ChainId}, not 1", critical, StringComparison.Ordinal);
        Assert.Contains("[setting: Provider:Chain:ChainId]", critical, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Arguments(string keystore, string rpcUrl) =>
    [
        "--Provider:DataDirectory=" + DataDirectory,
        "--Provider:Chain:RpcUrls:0=" + rpcUrl,
        "--Provider:Chain:ChainId=31337",
        "--Provider:Chain:Lottery=0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "--Provider:Chain:Directory=0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        "--Provider:Keystore:Path=" + keystore,
        "--Provider:Public:Endpoint=https://127.0.0.1:8443",
        "--Provider:WireGuard:Endpoint=127.0.0.1:51820",
        "--Provider:Listing:PricePerGiB=1000000000000000",
    ];

    private string WriteKeystore()
    {
        string path = Path.Combine(_root, "provider-key.json");
        if (!File.Exists(path))
        {
            using SignerKey key = SignerKey.Generate();
            Keystore.Save(path, key, Passphrase, ScryptParameters.Light);
        }

        return path;
    }

    /// <summary>A loopback URL on a port nothing listens on (bound, then released).</summary>
    private static string ClosedLoopbackUrl()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotContain(Lines(output), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
}
