using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;

namespace Dvpn.Daemon.Tests;

/// <summary>dvpnd tells its supervisor when it is ready (systemd Type=notify), and only once its API answers.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class ReadinessTests(DaemonLabFixture fixture)
{
    [Fact]
    public async Task Start_SendsReady1_OnceTheApiAnswers()
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        await using DaemonProcess daemon = fixture.LaunchDaemon(DaemonLabFixture.CreateSettings(account));

        // READY=1 arrives (NOTIFY_SOCKET points at the test's socket), and by then the API answers.
        await daemon.WaitReadyAsync(TimeSpan.FromSeconds(30));
        await DaemonLabFixture.WaitServingAsync(daemon, TimeSpan.FromSeconds(1));
        int code = await daemon.StopAsync();
        Assert.True(code == 0, $"exit {code}; output:\n{daemon.Output}");
    }
}
