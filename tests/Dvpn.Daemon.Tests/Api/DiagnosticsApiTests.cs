using System.IO.Compression;
using System.Text;
using Dvpn.Daemon.Tests.Support;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>DiagnosticsService on the real daemon.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class DiagnosticsApiTests(DaemonLabFixture fixture)
{
    private ControlClients Control => fixture.Control;

    [Fact]
    public async Task GetVersion_NamesTheApi_AndTheRuntime()
    {
        V1.Version version = await Control.Diagnostics.GetVersionAsync(new V1.GetVersionRequest());
        Assert.Equal("dvpn.control.v1", version.Api);
        Assert.NotEmpty(version.Daemon);
        Assert.Contains(".NET", version.Runtime, StringComparison.Ordinal);
        Assert.Contains("Linux", version.Os, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetCapabilities_NamesTheBackendsInUse()
    {
        V1.Capabilities capabilities = await Control.Diagnostics.GetCapabilitiesAsync(new V1.GetCapabilitiesRequest());
        // The lab's tunnels live in a network namespace, driven through wireguard-go's UAPI; nft is a lab prerequisite.
        Assert.Equal("uapi", capabilities.WireguardBackend);
        Assert.Equal("nftables", capabilities.FirewallBackend);
        Assert.Contains(capabilities.DnsBackend, new[] { "systemd-resolved", "resolv.conf" });
    }

    [Fact]
    public async Task WatchLogs_SendsTheBacklog_ThenLiveLines_AtTheRequestedLevel()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using AsyncServerStreamingCall<V1.LogEntry> call = Control.Diagnostics.WatchLogs(
            new V1.WatchLogsRequest { Backlog = 1000, MinLevel = V1.LogLevel.Information }, cancellationToken: stop.Token);
        var seen = new List<V1.LogEntry>();
        IAsyncEnumerator<V1.LogEntry> lines = call.ResponseStream.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        // The backlog has the start-up line.
        while (!seen.Any(l => l.Message.Contains("DvpnClient started", StringComparison.Ordinal)))
        {
            Assert.True(await lines.MoveNextAsync(), "the log stream ended before the start-up line");
            seen.Add(lines.Current);
        }

        // A live line: a settings change is logged at Information.
        V1.Settings settings = await Control.Settings.GetSettingsAsync(new V1.GetSettingsRequest());
        await Control.Settings.UpdateSettingsAsync(new V1.UpdateSettingsRequest
        {
            Settings = settings,
            UpdateMask = Google.Protobuf.WellKnownTypes.FieldMask.FromString("security.allow_lan"),
        });
        while (!(lines.Current.Message.Contains("Settings changed", StringComparison.Ordinal)))
        {
            Assert.True(await lines.MoveNextAsync(), "the log stream ended before the live line");
            seen.Add(lines.Current);
        }

        Assert.All(seen, l => Assert.True(l.Level >= V1.LogLevel.Information, $"{l.Level}: {l.Message}"));
        await lines.DisposeAsync();
    }

    [Fact]
    public async Task SetLogLevel_Debug_LetsDebugLinesThrough_AndBackToInformation()
    {
        try
        {
            V1.SetLogLevelResponse set = await Control.Diagnostics.SetLogLevelAsync(new V1.SetLogLevelRequest { Level = V1.LogLevel.Debug });
            Assert.Equal(V1.LogLevel.Debug, set.Level);
        }
        finally
        {
            V1.SetLogLevelResponse back = await Control.Diagnostics.SetLogLevelAsync(new V1.SetLogLevelRequest { Level = V1.LogLevel.Information });
            Assert.Equal(V1.LogLevel.Information, back.Level);
        }
    }

    [Fact]
    public async Task CreateProblemReport_IsAZipWithTheExpectedEntries_AndNoSecrets()
    {
        V1.ProblemReport report = await Control.Diagnostics.CreateProblemReportAsync(new V1.CreateProblemReportRequest { Description = "tunnel drops at night" });
        Assert.EndsWith(".zip", report.FileName, StringComparison.Ordinal);

        using var zip = new ZipArchive(new MemoryStream(report.Zip.ToByteArray()), ZipArchiveMode.Read);
        string[] entries = [.. zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)];
        Assert.Equal(
            ["capabilities.json", "configuration.txt", "description.txt", "logs.txt", "settings.json", "spend-summary.json", "tunnel-state.json", "version.json"],
            entries);
        Assert.Equal("tunnel drops at night", Read(zip, "description.txt"));
        Assert.Contains("dvpn.control.v1", Read(zip, "version.json"), StringComparison.Ordinal);
        Assert.Contains("DvpnClient started", Read(zip, "logs.txt"), StringComparison.Ordinal);

        // The configuration is there (the chain's contracts), the keys' files and passphrases are not.
        string configuration = Read(zip, "configuration.txt");
        Assert.Contains(fixture.Lab.Chain.Contracts.Lottery, configuration, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[redacted]", configuration, StringComparison.Ordinal);
        string everything = string.Concat(zip.Entries.Select(e => Read(zip, e.FullName)));
        DaemonAccount account = fixture.Account;
        foreach (string secret in new[]
                 {
                     account.Account.SignerKeystorePath, account.Account.SignerPassphraseFile, account.FunderKeystorePath, account.FunderPassphraseFile,
                     File.ReadAllText(account.Account.SignerPassphraseFile).Trim(), File.ReadAllText(account.FunderPassphraseFile).Trim(),
                 })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static string Read(ZipArchive zip, string name)
    {
        ZipArchiveEntry entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"no {name} in the report");
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
