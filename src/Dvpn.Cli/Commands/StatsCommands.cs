using System.CommandLine;
using System.Globalization;
using Dvpn.Control.V1;
using Google.Protobuf.WellKnownTypes;

namespace Dvpn.Cli.Commands;

/// <summary>stats, stats --watch, stats history (StatsService).</summary>
internal static class StatsCommands
{
    public static Command Create()
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "print the figures every --interval until Ctrl-C (WatchStats)" };
        var interval = new Option<double>("--interval") { Description = "with --watch: seconds between readings (at least 0.1)", DefaultValueFactory = _ => 1, HelpName = "seconds" };
        var command = new Command("stats", "the current session: traffic, cost so far, tickets, handshake age") { watch, interval, History() };
        return command.WithCall(call =>
        {
            if (!call.Get(watch))
            {
                return TunnelCommands.PrintAsync(call, call.Stats.GetSessionStatsAsync(new GetSessionStatsRequest(), call.Options), Describe.Stats);
            }

            double seconds = call.Get(interval);
            if (seconds < 0.1 || double.IsNaN(seconds) || seconds > 86_400)
            {
                throw new CliArgumentException("--interval", "must be between 0.1 and 86400 seconds");
            }

            var request = new WatchStatsRequest { Interval = Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds)) };
            return call.PrintStreamAsync(call.Stats.WatchStats(request, call.Options), (o, s) => o.WriteLine(Describe.StatsLine(s)));
        });
    }

    private static Command History()
    {
        var limit = new Option<int>("--limit", "-n") { Description = "at most this many sessions, newest first", DefaultValueFactory = _ => 20, HelpName = "count" };
        return new Command("history", "past sessions, newest first") { limit }.WithCall(call =>
        {
            int most = call.Get(limit);
            if (most is < 1 or > 1000)
            {
                throw new CliArgumentException("--limit", "must be between 1 and 1000");
            }

            return TunnelCommands.PrintAsync(call, call.Stats.ListSessionsAsync(new ListSessionsRequest { Page = new PageRequest { PageSize = (uint)most } }, call.Options),
                (o, r) => Text.Table(o, ["STARTED", "DURATION", "PROVIDER", "SENT", "RECEIVED", "SPENT", "TICKETS", "END"], r.Sessions.Select(s => new[]
                {
                    Text.Time(s.Started),
                    s.Ended is null || s.Started is null ? "running" : Text.Duration(s.Ended.ToDateTimeOffset() - s.Started.ToDateTimeOffset()),
                    s.Provider,
                    Text.Bytes(s.BytesSent),
                    Text.Bytes(s.BytesReceived),
                    Text.Amount(s.Spent, "0 ETH"),
                    s.TicketsSent.ToString(CultureInfo.InvariantCulture),
                    s.EndReason,
                })));
        });
    }
}
