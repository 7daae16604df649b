using System.Net;
using System.Runtime.Versioning;
using Dvpn.Client.Resolution;
using Dvpn.Client.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.Resolution;

/// <summary>SystemdResolvedDns's resolvectl argument lists, state file and error handling. There is no systemd-resolved
/// here: resolvectl is replaced by a recording runner, except where the real process runner is under test.</summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdResolvedDnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ILoggerFactory _logs = TestOutputLoggerProvider.Factory(output);

    private string StatePath => _dir.File("state/dns-resolved.json");

    public void Dispose()
    {
        _logs.Dispose();
        _dir.Dispose();
    }

    private SystemdResolvedDns NewDns(IResolvectlRunner runner) => new(StatePath, _logs.CreateLogger("dns"), runner);

    [Fact]
    public async Task ApplyAsync_Servers_RunsDnsDomainAndDefaultRouteForTheLink()
    {
        RecordingRunner runner = new(this);

        await NewDns(runner).ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1"), IPAddress.Parse("fd00:8::1"), IPAddress.Parse("::ffff:10.8.0.2")]);

        Assert.Equal(
            [
                "dns wg0 10.8.0.1 fd00:8::1 10.8.0.2",
                "domain wg0 ~.",
                "default-route wg0 true",
            ],
            runner.Calls);
    }

    [Fact]
    public async Task ApplyAsync_FirstCall_LinkIsSavedBeforeResolvectlRuns()
    {
        RecordingRunner runner = new(this);

        await NewDns(runner).ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]);

        Assert.All(runner.StateAtCall, state => Assert.Contains("\"wg0\"", state, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StatePath));
    }

    [Fact]
    public async Task RestoreAsync_NewInstanceAfterCrash_RevertsEveryAppliedLinkAndDeletesState()
    {
        SystemdResolvedDns crashed = NewDns(new RecordingRunner(this));
        await crashed.ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]);
        await crashed.ApplyAsync("wg1", [IPAddress.Parse("10.9.0.1")]);
        RecordingRunner runner = new(this);

        await NewDns(runner).RestoreAsync();

        Assert.Equal(["revert wg0", "revert wg1"], runner.Calls);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task RestoreAsync_LinkGone_SucceedsAndDeletesState()
    {
        await NewDns(new RecordingRunner(this)).ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]);
        RecordingRunner runner = new(this) { Answer = new ResolvectlResult(1, "", "Failed to resolve interface \"wg0\": No such device\n") };

        await NewDns(runner).RestoreAsync();

        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task RestoreAsync_RevertFails_ThrowsRefusedAndKeepsState()
    {
        await NewDns(new RecordingRunner(this)).ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]);
        RecordingRunner runner = new(this) { Answer = new ResolvectlResult(1, "", "Failed to revert interface configuration: Access denied\n") };

        DnsConfigurationException e = await Assert.ThrowsAsync<DnsConfigurationException>(() => NewDns(runner).RestoreAsync());

        Assert.Equal(DnsFailure.Refused, e.Failure);
        Assert.Contains("Access denied", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(StatePath));
    }

    [Fact]
    public async Task RestoreAsync_NoState_RunsNothing()
    {
        RecordingRunner runner = new(this);

        await NewDns(runner).RestoreAsync();

        Assert.Empty(runner.Calls);
    }

    [Fact]
    public async Task RestoreAsync_CorruptState_RunsNothingAndRenamesStateToCorrupt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        await File.WriteAllTextAsync(StatePath, "{\"version\":1,\"interfaces\":[\"--help\"]}");
        RecordingRunner runner = new(this);

        await NewDns(runner).RestoreAsync();

        Assert.Empty(runner.Calls);
        Assert.False(File.Exists(StatePath));
        Assert.True(File.Exists(StatePath + ".corrupt"));
    }

    [Fact]
    public async Task ApplyAsync_ResolvectlFails_ThrowsRefusedWithItsMessage()
    {
        RecordingRunner runner = new(this) { Answer = new ResolvectlResult(1, "", "Failed to set DNS configuration: Unit dbus-org.freedesktop.resolve1.service not found.\n") };

        DnsConfigurationException e = await Assert.ThrowsAsync<DnsConfigurationException>(() => NewDns(runner).ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]));

        Assert.Equal(DnsFailure.Refused, e.Failure);
        Assert.Contains("resolve1.service not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_ResolvectlMissing_ThrowsToolMissing()
    {
        SystemdResolvedDns dns = new(StatePath, _logs.CreateLogger("dns"), _dir.File("no/such/resolvectl"));

        DnsConfigurationException e = await Assert.ThrowsAsync<DnsConfigurationException>(() => dns.ApplyAsync("wg0", [IPAddress.Parse("10.8.0.1")]));

        Assert.Equal(DnsFailure.ToolMissing, e.Failure);
        Assert.Contains("resolvectl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvectlRunner_HungProgram_KilledAfterTheDeadlineAndTimedOut()
    {
        ResolvectlRunner runner = new("sleep", TimeSpan.FromMilliseconds(300));

        DnsConfigurationException e = await Assert.ThrowsAsync<DnsConfigurationException>(() => runner.RunAsync(["60"], CancellationToken.None));

        Assert.Equal(DnsFailure.TimedOut, e.Failure);
    }

    [Fact]
    public async Task ResolvectlRunner_RealProgram_ReturnsExitCodeAndOutput()
    {
        ResolvectlRunner runner = new("sh");

        ResolvectlResult result = await runner.RunAsync(["-c", "echo out; echo err >&2; exit 3"], CancellationToken.None);

        Assert.Equal(new ResolvectlResult(3, "out\n", "err\n"), result);
    }

    /// <summary>Records each argument list (joined by spaces) and the state file at that moment; answers
    /// <see cref="Answer"/>.</summary>
    private sealed class RecordingRunner(SystemdResolvedDnsTests test) : IResolvectlRunner
    {
        public List<string> Calls { get; } = [];

        public List<string> StateAtCall { get; } = [];

        public ResolvectlResult Answer { get; init; } = new(0, "", "");

        public Task<ResolvectlResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
        {
            Calls.Add(string.Join(' ', arguments));
            StateAtCall.Add(File.Exists(test.StatePath) ? File.ReadAllText(test.StatePath) : "");
            return Task.FromResult(Answer);
        }
    }
}
