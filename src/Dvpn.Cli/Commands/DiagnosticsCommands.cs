using System.CommandLine;
using System.Reflection;
using System.Text.Json.Nodes;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>logs, log-level, report, version, capabilities (DiagnosticsService).</summary>
internal static class DiagnosticsCommands
{
    public static IEnumerable<Command> All() => [Logs(), LogLevelCommand(), Report(), Version(), Capabilities()];

    private static Command Logs()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new entries until Ctrl-C" };
        var backlog = new Option<uint>("--backlog", "-n") { Description = "start with the last N entries (at most 1000)", DefaultValueFactory = _ => 100, HelpName = "N" };
        var level = new Option<string>("--level", "-l") { Description = "lowest level shown: trace, debug, information, warning, error, critical", HelpName = "level" };
        return new Command("logs", "dvpnd's log (trace and debug need admin rights)") { follow, backlog, level }.WithCall(async call =>
        {
            var request = new WatchLogsRequest
            {
                Backlog = call.Get(backlog) <= 1000 ? call.Get(backlog) : throw new CliArgumentException("--backlog", "at most 1000"),
                MinLevel = call.Get(level) is { } text ? Args.Level(text, "--level") : LogLevel.Unspecified,
                // Without --follow the daemon ends the stream after the backlog.
                Follow = call.Get(follow),
            };
            return await call.PrintStreamAsync(call.Diagnostics.WatchLogs(request, call.Options), (o, e) => o.WriteLine(Line(e)));
        });
    }

    private static string Line(LogEntry e) =>
        $"{Text.Time(e.At)} {e.Level switch
        {
            LogLevel.Trace => "TRC",
            LogLevel.Debug => "DBG",
            LogLevel.Information => "INF",
            LogLevel.Warning => "WRN",
            LogLevel.Error => "ERR",
            LogLevel.Critical => "CRT",
            _ => "???",
        }} {e.Category}: {e.Message}";

    private static Command LogLevelCommand()
    {
        var level = new Argument<string>("level") { Description = "trace, debug, information, warning, error or critical" };
        return new Command("log-level", "change dvpnd's minimum log level until it restarts") { level }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Diagnostics.SetLogLevelAsync(new SetLogLevelRequest { Level = Args.Level(call.Get(level), "level") }, call.Options),
                (o, r) => o.WriteLine($"log level {Text.Word(r.Level)} (until dvpnd restarts)")));
    }

    private static Command Report()
    {
        var description = new Option<string>("--description", "-d") { Description = "what went wrong, in your words (at most 4000 characters)", HelpName = "text" };
        var output = new Option<string>("--output", "-o") { Description = "where to write the zip (default: the daemon's file name, here)", HelpName = "file" };
        return new Command("report", "write a problem report bundle (state, settings without secrets, recent logs, versions) as a zip")
        {
            description, output,
        }.WithCall(async call =>
        {
            string text = call.Get(description) ?? "";
            if (text.Length > 4000)
            {
                throw new CliArgumentException("--description", "at most 4000 characters");
            }

            ProblemReport report = await call.Diagnostics.CreateProblemReportAsync(new CreateProblemReportRequest { Description = text }, call.Options);
            string name = report.FileName.Length > 0 ? Path.GetFileName(report.FileName) : "dvpn-report.zip";
            string path = Path.GetFullPath(call.Get(output) ?? name);
            await File.WriteAllBytesAsync(path, report.Zip.Memory, call.CancellationToken);
            return call.PrintObject(new JsonObject { ["path"] = path, ["fileName"] = report.FileName, ["size"] = report.Zip.Length }, o => o.WriteLine(path));
        });
    }

    private static Command Version() =>
        new Command("version", "dvpnctl's and dvpnd's versions").WithCall(async call =>
        {
            string client = typeof(DiagnosticsCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            if (!call.Json)
            {
                await call.Out.WriteLineAsync($"dvpnctl {client}");
            }

            Control.V1.Version daemon;
            try
            {
                daemon = await call.Diagnostics.GetVersionAsync(new GetVersionRequest(), call.Options);
            }
            catch (Exception) when (call.Json)
            {
                call.PrintObject(new JsonObject { ["client"] = client, ["daemon"] = null }, _ => { });
                throw;
            }

            return call.PrintObject(new JsonObject { ["client"] = client, ["daemon"] = JsonNode.Parse(Call.ToJson(daemon)) },
                o => o.WriteLine($"dvpnd {daemon.Daemon} (api {daemon.Api}, {daemon.Runtime}, {daemon.Os})"));
        });

    private static Command Capabilities() =>
        new Command("capabilities", "which WireGuard, firewall and DNS backends dvpnd uses here").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Diagnostics.GetCapabilitiesAsync(new GetCapabilitiesRequest(), call.Options), (o, c) => Text.Pairs(o,
                ("wireguard", c.WireguardBackend),
                ("firewall", c.FirewallBackend.Length > 0 ? c.FirewallBackend : "none (no fail-closed blocking)"),
                ("kill switch", Describe.Firewall(c.Firewall)),
                ("dns", c.DnsBackend.Length > 0 ? c.DnsBackend : "none"),
                ("ipv6", Text.YesNo(c.Ipv6)))));
}
