using System.Globalization;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;

namespace Dvpn.Daemon.Tests.Lifecycle;

/// <summary>One dvpnd per socket: a second one refuses to start; a crashed one's socket is taken over.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class SingleInstanceTests(DaemonLabFixture fixture)
{
    [Fact]
    public async Task SecondDaemonOnTheSameSocket_ExitsWith3_NamingTheFirstOnesPid_AndTheFirstKeepsServing()
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        DaemonSettings settings = DaemonLabFixture.CreateSettings(account);
        await using DaemonProcess first = await fixture.StartDaemonAsync(settings);

        await using DaemonProcess second = fixture.LaunchDaemon(settings);
        Assert.Equal(3, await second.WaitForExitAsync());
        Assert.Contains(first.Process.Id.ToString(CultureInfo.InvariantCulture), second.Output, StringComparison.Ordinal);
        Assert.Contains(settings.SocketPath, second.Output, StringComparison.Ordinal);

        Assert.False(first.HasExited);
        await DaemonLabFixture.WaitServingAsync(first, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StaleSocketOfAKilledDaemon_IsReplaced_ByTheNextStart()
    {
        DaemonAccount account = await fixture.CreateAccountAsync();
        DaemonSettings settings = DaemonLabFixture.CreateSettings(account);
        await using (DaemonProcess crashed = await fixture.StartDaemonAsync(settings))
        {
            Assert.Equal(137, await crashed.KillAsync());
        }

        Assert.True(File.Exists(settings.SocketPath), "SIGKILL leaves the socket file behind (nothing to test otherwise)");
        await using DaemonProcess next = await fixture.StartDaemonAsync(settings);
        await DaemonLabFixture.WaitServingAsync(next, TimeSpan.FromSeconds(5));
        Assert.Equal(0, await next.StopAsync());
    }
}
