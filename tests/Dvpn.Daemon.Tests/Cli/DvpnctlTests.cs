using System.Text.Json;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Namespaces;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Cli;

/// <summary>dvpnctl against the real daemon: output shapes and exit codes.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class DvpnctlTests(DaemonLabFixture fixture)
{
    private string Socket => fixture.Daemon.SocketPath;

    [Fact]
    public async Task StatusConnectDisconnect_Json_ShowTheStates()
    {
        (int code, string stdout, string stderr) = await Dvpnctl.RunAsync(Socket, "--json", "status");
        Assert.True(code == 0, stderr);
        using (JsonDocument status = JsonDocument.Parse(stdout))
        {
            Assert.Equal("TARGET_STATE_UNSECURED", status.RootElement.GetProperty("target").GetString());
            Assert.True(status.RootElement.GetProperty("state").TryGetProperty("disconnected", out _), stdout);
        }

        try
        {
            (code, stdout, stderr) = await Dvpnctl.RunAsync(Socket, "--json", "connect", "--region", DaemonLabFixture.Region, "--wait", "--timeout", "60");
            Assert.True(code == 0, $"connect --wait: {code} {stderr}");
            using (JsonDocument connected = JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]))
            {
                Assert.True(connected.RootElement.GetProperty("state").TryGetProperty("connected", out JsonElement c) && c.ValueKind == JsonValueKind.Object, stdout);
            }

            await fixture.Lab.WaitForInternetAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            (code, stdout, stderr) = await Dvpnctl.RunAsync(Socket, "--json", "disconnect");
        }

        Assert.True(code == 0, stderr);
        using (JsonDocument disconnected = JsonDocument.Parse(stdout))
        {
            Assert.True(disconnected.RootElement.GetProperty("state").TryGetProperty("disconnected", out _), stdout);
        }

        Assert.Equal(V1.TargetState.Unsecured, (await fixture.Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest())).Target);
    }

    [Fact]
    public async Task Connect_WithoutWait_ReturnsWhileConnecting_AndTheDaemonGoesOnToConnected()
    {
        await using EventWatch watch = await EventWatch.StartAsync(fixture.Control.Events, TimeSpan.FromSeconds(30));
        try
        {
            (int code, string _, string stderr) = await Dvpnctl.RunAsync(Socket, "connect", "--region", DaemonLabFixture.Region);
            Assert.True(code == 0, $"connect: {code} {stderr}");
            await watch.WaitForAsync(e => e.TunnelStateChanged?.State.StateCase == V1.TunnelState.StateOneofCase.Connected, TimeSpan.FromSeconds(60),
                "Connected after dvpnctl connect returned");
        }
        finally
        {
            await fixture.Control.Tunnel.DisconnectAsync(new V1.DisconnectRequest());
        }
    }

    [Fact]
    public async Task NoDaemon_ExitsWith3_AndSaysSo()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-dvpnd-here", "dvpnd.sock");
        (int code, string _, string stderr) = await Dvpnctl.RunAsync(missing, "status");
        Assert.Equal(3, code);
        Assert.Contains("not running", stderr, StringComparison.Ordinal);

        // The same as a real process (the exit code a shell sees).
        CommandResult process = await Unprivileged.DvpnctlAsync([], "--socket", missing, "status");
        Assert.Equal(3, process.ExitCode);
    }

    [Fact]
    public async Task InvalidArgument_ExitsWith5_NamingTheOption_AndChangesNothing()
    {
        (int code, string _, string stderr) = await Dvpnctl.RunAsync(Socket, "connect", "--provider", "0x1234");
        Assert.True(code == 5, $"exit {code}: {stderr}");
        Assert.Contains("provider", stderr, StringComparison.Ordinal);
        Assert.Equal(V1.TargetState.Unsecured, (await fixture.Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest())).Target);

        // One only the daemon can see: an import that is not a settings export.
        V1.Settings before = await fixture.Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest());
        string file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "{\"security\": {\"allowLan\": tru");
            (code, _, stderr) = await Dvpnctl.RunAsync(Socket, "settings", "import", file);
            Assert.True(code == 5, $"exit {code}: {stderr}");
            Assert.Contains("INVALID_SETTINGS", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(before, await fixture.Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest()));
    }

    [Fact]
    public async Task WithdrawBeforeAnyUnlock_ExitsWith6()
    {
        (int code, string _, string stderr) = await Dvpnctl.RunAsync(Socket, "wallet", "withdraw");
        Assert.True(code == 6, $"exit {code}: {stderr}");
    }
}
