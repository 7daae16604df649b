using System.CommandLine;
using System.Globalization;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>spend show/set (SpendingService).</summary>
internal static class SpendCommands
{
    public static Command Create() => new("spend", "the spending policy (caps) and what was spent") { Show(), Set() };

    private static Command Show() =>
        new Command("show", "what was spent this session, today, this month and ever, against the caps").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Spending.GetSpendSummaryAsync(new GetSpendSummaryRequest(), call.Options), (o, s) =>
            {
                SpendPolicy p = s.Policy ?? new SpendPolicy();
                string reached = s.Reached.Count == 0 ? "" : $"; reached: {string.Join(", ", s.Reached.Select(c => Text.Word(c)))}";
                Text.Pairs(o,
                    ("session", $"{Text.Amount(s.CurrentSession, "0 ETH")} of {Text.Amount(p.PerSession)}"),
                    ("today", $"{Text.Amount(s.Today, "0 ETH")} of {Text.Amount(p.PerDay)}"),
                    ("this month", $"{Text.Amount(s.ThisMonth, "0 ETH")} of {Text.Amount(p.PerMonth)}"),
                    ("all time", Text.Amount(s.AllTime, "0 ETH")),
                    ("tickets", s.TicketsSigned.ToString(CultureInfo.InvariantCulture)),
                    ("policy", Policy(p) + reached));
            }));

    private static Command Set()
    {
        var session = CapOption("--session-cap", "cap per session");
        var daily = CapOption("--daily-cap", "cap per UTC day");
        var monthly = CapOption("--monthly-cap", "cap per UTC month");
        var maxPrice = CapOption("--max-price", "highest price per GiB");
        var onCap = new Option<string>("--on-cap") { Description = "what happens at a cap: disconnect, or block traffic", HelpName = "action" };
        onCap.AcceptOnlyFromAmong("disconnect", "block");
        var warnAt = new Option<double?>("--warn-at") { Description = "share of a cap at which a spend warning is sent, in (0, 1]", HelpName = "share" };
        var command = new Command("set", "change the spending policy: only the options given change (\"none\" removes a cap)")
        {
            session, daily, monthly, maxPrice, onCap, warnAt,
        };
        return command.WithCall(async call =>
        {
            // Validate every option before reading the policy, so a typo changes nothing and asks nothing.
            string? perSession = Args.OptionalCap(call.Get(session), "--session-cap");
            string? perDay = Args.OptionalCap(call.Get(daily), "--daily-cap");
            string? perMonth = Args.OptionalCap(call.Get(monthly), "--monthly-cap");
            string? price = Args.OptionalCap(call.Get(maxPrice), "--max-price");
            double? warn = call.Get(warnAt);
            if (warn is not null and (<= 0 or > 1))
            {
                throw new CliArgumentException("--warn-at", $"{warn.Value.ToString(CultureInfo.InvariantCulture)} is not in (0, 1]");
            }

            // SetSpendPolicy replaces the whole policy: start from the current one.
            SpendPolicy policy = await call.Spending.GetSpendPolicyAsync(new GetSpendPolicyRequest(), call.Options);
            policy.PerSession = perSession ?? policy.PerSession;
            policy.PerDay = perDay ?? policy.PerDay;
            policy.PerMonth = perMonth ?? policy.PerMonth;
            policy.MaxPricePerGib = price ?? policy.MaxPricePerGib;
            policy.WarnAt = warn ?? policy.WarnAt;
            policy.Action = call.Get(onCap) switch
            {
                "disconnect" => SpendCapAction.Disconnect,
                "block" => SpendCapAction.Block,
                _ => policy.Action,
            };
            return call.Print(await call.Spending.SetSpendPolicyAsync(policy, call.Options), (o, p) => o.WriteLine(Policy(p)));
        });
    }

    private static string Policy(SpendPolicy p) =>
        $"per session {Text.Amount(p.PerSession)}, per day {Text.Amount(p.PerDay)}, per month {Text.Amount(p.PerMonth)}, "
        + $"max price {(p.MaxPricePerGib.Length > 0 ? Text.Amount(p.MaxPricePerGib) + "/GiB" : "none")}, at a cap: {Text.Word(p.Action)}, warn at {p.WarnAt.ToString("P0", CultureInfo.InvariantCulture)}";

    private static Option<string> CapOption(string name, string description) =>
        new(name) { Description = $"{description} ({Args.AmountHelp}; none to remove)", HelpName = "amount" };
}
