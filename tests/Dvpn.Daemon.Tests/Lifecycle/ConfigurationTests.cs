using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;

namespace Dvpn.Daemon.Tests.Lifecycle;

/// <summary>A bad setting stops dvpnd at start with exit code 2 and a message naming the setting.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class ConfigurationTests(DaemonLabFixture fixture)
{
    [Theory]
    [InlineData("Daemon:EventQueueCapacity", "5")]
    [InlineData("Daemon:OperatorGroup", "no/such group")]
    [InlineData("Dvpn:Wallet:SignerPassphraseFile", "/nonexistent/signer.passphrase")]
    public async Task BadSetting_ExitsWith2_NamingIt(string key, string value)
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        DaemonSettings settings = DaemonLabFixture.CreateSettings(account);
        settings.Set(key, value);
        await using DaemonProcess daemon = fixture.LaunchDaemon(settings);

        int code = await daemon.WaitForExitAsync();
        Assert.True(code == 2, $"exit {code}; output:\n{daemon.Output}");
        Assert.True(daemon.Output.Contains(key.Split(':')[^1], StringComparison.Ordinal), $"the message does not name {key}:\n{daemon.Output}");
        Assert.False(File.Exists(settings.SocketPath), "a daemon refusing its configuration left a socket behind");
    }
}
