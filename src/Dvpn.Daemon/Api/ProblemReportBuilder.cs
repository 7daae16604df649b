using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Dvpn.Client;
using Dvpn.Daemon.Logging;
using Dvpn.Daemon.Settings;
using Google.Protobuf;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>
/// A problem report: a zip a user can attach to a support request. It holds the version, capabilities, tunnel
/// state, settings, spend summary, the last 1000 log lines, and the daemon's configuration (sections Dvpn, Daemon and
/// Serilog), with secrets removed even though only operators may create one (the zip is meant to be shared): the
/// values of keys that name key files, passphrases, passwords, secrets or mnemonics, the key file paths wherever they
/// appear, and credentials and paths of URLs (JSON-RPC URLs often carry API keys).
/// </summary>
internal sealed partial class ProblemReportBuilder(DvpnClient client, DaemonSettings settings, Capabilities capabilities, LogBuffer logs,
    SecretRedactor redactor, IConfiguration configuration, TimeProvider time)
{
    public const int MaxDescriptionLength = 4000;
    private static readonly string[] ConfigurationSections = ["Dvpn", "Daemon", "Serilog"];
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());

    public Task<(string FileName, byte[] Zip)> BuildAsync(string description, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DateTimeOffset now = time.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "description.txt", description);
            Add(zip, "version.json", Json.Format(DiagnosticsApi.Version()));
            Add(zip, "capabilities.json", Json.Format(capabilities.Read()));
            Add(zip, "tunnel-state.json", Json.Format(new V1.GetTunnelStateResponse { State = client.State.ToProto(), Target = client.Target.ToProto() }));
            Add(zip, "settings.json", SettingsFile.ToJson(settings.Current));
            Add(zip, "spend-summary.json", Section(() => Json.Format(SpendingApi.ToProto(client.Spending.GetSummary()))));
            Add(zip, "logs.txt", string.Join('\n', logs.Recent(LogBuffer.Capacity).Select(FormatLine)));
            Add(zip, "configuration.txt", RedactedConfiguration());
        }

        string name = $"dvpnd-report-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
        return Task.FromResult((name, buffer.ToArray()));
    }

    private string FormatLine(LogRecord line) => string.Create(CultureInfo.InvariantCulture,
        $"{line.At:yyyy-MM-dd HH:mm:ss.fff zzz} [{DiagnosticsApi.ToProto(line.Level)}] {line.Category}: {redactor.Redact(line.Message)}");

    /// <summary>key = value lines of the configuration, secrets replaced.</summary>
    internal string RedactedConfiguration()
    {
        var text = new StringBuilder();
        foreach (string section in ConfigurationSections)
        {
            foreach ((string key, string? value) in configuration.GetSection(section).AsEnumerable().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (value is null)
                {
                    continue;
                }

                string shown = SecretKey().IsMatch(key) ? SecretRedactor.Redacted : redactor.Redact(SecretRedactor.RedactUrl(value));
                text.Append(key).Append(" = ").Append(shown).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Section(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidOperationException or DvpnClientException)
        {
            return $"unavailable: {e.Message}";
        }
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    [GeneratedRegex("keystore|passphrase|password|secret|mnemonic|privatekey|apikey|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
