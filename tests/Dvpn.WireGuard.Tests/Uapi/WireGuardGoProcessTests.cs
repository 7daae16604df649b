using System.Diagnostics;
using System.Net.Sockets;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>The wireguard-go supervisor against the real binary.</summary>
public sealed class WireGuardGoProcessTests
{
    [Fact]
    public async Task Start_StaleSocketFromCrashedRun_IsRemovedFirst()
    {
        string name = TestNames.NewInterface();
        string socketPath = Path.Combine(UapiBackendOptions.DefaultSocketDirectory, name + ".sock");
        Directory.CreateDirectory(UapiBackendOptions.DefaultSocketDirectory);
        using (Socket stale = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(socketPath)); // bound, never listening: connect is refused
        }

        await using WireGuardGoProcess process = await WireGuardGoProcess.StartAsync(name);

        Assert.Empty((await process.Client.GetAsync()).Peers);
    }

    [Fact]
    public async Task Process_KilledFromOutside_ExitedCompletesAndStaleSocketIsRemoved()
    {
        RecordingLogger logger = new();
        await using WireGuardGoProcess process = await WireGuardGoProcess.StartAsync(TestNames.NewInterface(), loggerFactory: logger);

        using (Process own = Process.GetProcessById(process.ProcessId))
        {
            own.Kill(); // SIGKILL: wireguard-go cannot clean up its socket
        }

        int exitCode = await process.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(137, exitCode);
        Assert.True(process.HasExited);
        Assert.False(File.Exists(process.SocketPath));
        Assert.False(UapiBackendIntegrationTests.LinkExists(process.InterfaceName));
        Assert.Contains(logger.Messages, m => m.Contains("exited unexpectedly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_DiesWithRestartsAllowed_IsRestartedAndRaisesRestarted()
    {
        UapiBackendOptions options = new() { MaxRestarts = 2, RestartDelay = TimeSpan.FromMilliseconds(10) };
        await using WireGuardGoProcess process = await WireGuardGoProcess.StartAsync(TestNames.NewInterface(), options);
        TaskCompletionSource restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Restarted += (_, _) => restarted.TrySetResult();
        int firstPid = process.ProcessId;

        using (Process own = Process.GetProcessById(firstPid))
        {
            own.Kill();
        }

        await restarted.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.NotEqual(firstPid, process.ProcessId);
        Assert.Equal(1, process.RestartCount);
        Assert.False(process.HasExited);
        Assert.Empty((await process.Client.GetAsync()).Peers);
    }

    [Fact]
    public async Task Stop_RunningProcess_EndsItsPidAndRemovesInterfaceAndSocket()
    {
        WireGuardGoProcess process = await WireGuardGoProcess.StartAsync(TestNames.NewInterface());
        int pid = process.ProcessId;
        Assert.True(UapiBackendIntegrationTests.LinkExists(process.InterfaceName));

        await process.DisposeAsync();

        Assert.True(process.Exited.IsCompleted);
        Assert.NotEqual(137, await process.Exited); // stopped by SIGTERM, not killed
        Assert.False(File.Exists(process.SocketPath));
        Assert.False(UapiBackendIntegrationTests.LinkExists(process.InterfaceName));
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task VerboseLogging_OutputIsCapturedAndKeysNeverLogged()
    {
        RecordingLogger logger = new();
        UapiWireGuardBackend backend = new(new UapiBackendOptions { VerboseLogging = true }, loggerFactory: logger);
        using PrivateKey key = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        await using (UapiWireGuardDevice device = await backend.CreateDeviceAsync(TestNames.NewInterface()))
        {
            await device.ApplyAsync(new InterfaceConfig
            {
                PrivateKey = key,
                Peers = [new PeerConfig { PublicKey = PrivateKey.Generate().PublicKey, PresharedKey = psk }],
            });
            await device.GetStateAsync();
        }

        Assert.Contains(logger.Messages, m => m.StartsWith("wireguard-go dvt", StringComparison.Ordinal));
        foreach (string secret in new[] { key.ExportHex(), key.ExportBase64(), psk.ExportHex(), psk.ExportBase64() })
        {
            Assert.DoesNotContain(logger.Messages, m => m.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Start_MissingBinary_ThrowsWireGuardException()
    {
        UapiBackendOptions options = new() { WireGuardGoPath = "/nonexistent/wireguard-go" };

        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => WireGuardGoProcess.StartAsync(TestNames.NewInterface(), options));

        Assert.Contains("cannot start", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BinaryThatExitsAtOnce_ThrowsWithExitCode()
    {
        UapiBackendOptions options = new() { WireGuardGoPath = "/bin/false" };

        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => WireGuardGoProcess.StartAsync(TestNames.NewInterface(), options));

        Assert.Contains("exited with code 1 before it was ready", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("this-name-is-too-long")]
    [InlineData("../etc")]
    [InlineData("a b")]
    public async Task Start_InvalidName_ThrowsArgumentException(string name)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => WireGuardGoProcess.StartAsync(name));
    }

    [Fact]
    public async Task Start_InsideNetworkNamespace_InterfaceLivesThereAndSocketIsShared()
    {
        string ns = "dvtns" + TestNames.NewInterface()[3..];
        await UapiBackendIntegrationTests.RunAsync("ip", "netns", "add", ns);
        try
        {
            UapiBackendOptions options = new() { LaunchPrefix = ["ip", "netns", "exec", ns] };
            UapiWireGuardBackend backend = new(options);
            string name = TestNames.NewInterface();
            await using (UapiWireGuardDevice device = await backend.CreateDeviceAsync(name))
            {
                await device.SetUpAsync(true);

                Assert.False(UapiBackendIntegrationTests.LinkExists(name)); // not in this namespace
                string links = await UapiBackendIntegrationTests.RunAsync("ip", "netns", "exec", ns, "ip", "link", "show", "dev", name);
                Assert.Contains("UP", links, StringComparison.Ordinal);
                Assert.Empty((await device.GetStateAsync()).Peers);
            }

            string after = await UapiBackendIntegrationTests.RunAsync("ip", "netns", "exec", ns, "ip", "-br", "link");
            Assert.DoesNotContain(name, after, StringComparison.Ordinal);
        }
        finally
        {
            await UapiBackendIntegrationTests.RunAsync("ip", "netns", "del", ns);
        }
    }
}
