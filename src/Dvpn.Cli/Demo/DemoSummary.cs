using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Demo;

/// <summary>The closing summary: who was paid what, which tickets won, which claims landed, what the client spent.</summary>
[SupportedOSPlatform("linux")]
internal static class DemoSummary
{
    public static void Write(TextWriter o, DemoNetwork network, DemoResults r)
    {
        o.WriteLine();
        o.WriteLine("═══ Summary ═══");
        o.WriteLine();
        o.WriteLine("Providers (their own /metrics; paid and gas from the chain's Claimed events and receipts)");
        var providers = new TextTable("provider", "region", ">price/GiB", ">traffic", ">tickets in", ">accepted", ">value credited",
            ">won", ">claims", ">paid on chain", ">claim gas", ">kept");
        foreach ((DemoProvider p, ProviderFigures f) in r.Providers)
        {
            LandedClaim[] claims = [.. r.Claims.Where(c => p.Is(c.Recipient))];
            BigInteger paid = claims.Aggregate(BigInteger.Zero, (sum, c) => sum + c.Amount);
            BigInteger gas = claims.Aggregate(BigInteger.Zero, (sum, c) => sum + c.GasCost);
            providers.Add(p.Name, p.Region, Units.Eth(p.PricePerGiB, 2), Units.Size(f.BytesMetered), Units.Count(f.TicketsReceived),
                Units.Count(f.TicketsAccepted), Units.Eth(f.ValueCredited), Units.Count(f.TicketsWon),
                Units.Count(claims.Length), Units.Eth(paid), Units.Eth(gas), paid > 0 ? Units.Percent((double)(paid - gas) / (double)paid) : "-");
        }

        providers.WriteTo(o);
        o.WriteLine();

        o.WriteLine("Claims that landed (Lottery.claim; the demo's providers claim each winner as soon as it wins, real ones batch)");
        if (r.Claims.Count == 0)
        {
            o.WriteLine("  none: no ticket won this time (the lottery's variance; run the demo again)");
        }
        else
        {
            var claims = new TextTable("transaction", ">block", "provider", ">tickets", ">paid", ">gas used", ">gas cost");
            foreach (LandedClaim c in r.Claims)
            {
                claims.Add(Units.Short(c.TransactionHash), Units.Count(c.Block), network.NameOf(c.Recipient), Units.Count(c.Tickets), Units.Eth(c.Amount),
                    Units.Count((double)c.GasUsed), Units.Eth(c.GasCost));
            }

            claims.WriteTo(o);
        }

        o.WriteLine();
        o.WriteLine("Client sessions (dvpnd's ledger, StatsService.ListSessions)");
        var sessions = new TextTable("provider", ">connect", ">transfer", ">sent", ">received", ">tickets", ">spent", "ended");
        foreach (SessionRecord s in r.History.Reverse())
        {
            DemoSession? run = r.Sessions.FirstOrDefault(d => string.Equals(d.Provider, s.Provider, StringComparison.OrdinalIgnoreCase));
            sessions.Add(network.NameOf(s.Provider), run is null ? "-" : Units.Seconds(run.ConnectTime),
                run is null ? "-" : $"{Units.Size(run.Transfer.BytesReceived)} {(run.Upload ? "up" : "down")}",
                Units.Size(s.BytesSent), Units.Size(s.BytesReceived), Units.Count(s.TicketsSent), Units.Eth(s.Spent), s.EndReason);
        }

        sessions.WriteTo(o);
        o.WriteLine();

        BigInteger balanceBefore = Units.Wei(r.WalletBefore.Balance), balanceAfter = Units.Wei(r.WalletAfter.Balance);
        BigInteger paidOut = r.Claims.Aggregate(BigInteger.Zero, (sum, c) => sum + c.Amount);
        BigInteger expected = Units.Wei(r.Spending.AllTime);
        o.WriteLine("Client spending");
        var spending = new TextTable("", ">");
        spending.Add("tickets signed", Units.Count(r.Spending.TicketsSigned));
        spending.Add("expected value of the tickets (ledger)", Units.Eth(expected));
        spending.Add("paid out by winning tickets (on chain)", Units.Eth(paidOut));
        spending.Add("lottery balance before", Units.Eth(balanceBefore));
        spending.Add("lottery balance after", Units.Eth(balanceAfter));
        spending.Add("escrow before / after", $"{Units.Eth(r.WalletBefore.Escrow)} / {Units.Eth(r.WalletAfter.Escrow)}");
        spending.Add("connect time (Connect, Reconnect)", string.Join(", ", r.Sessions.Select(s => Units.Seconds(s.ConnectTime))));
        spending.Add("disconnect time", Units.Seconds(r.DisconnectTime));
        spending.Add("events received (WatchEvents)", Units.Count(r.Events));
        spending.WriteTo(o, header: false);
        o.WriteLine();
        o.WriteLine(paidOut == balanceBefore - balanceAfter
            ? "The lottery account went down by exactly what the winning tickets paid; the ledger's expected value is what the client"
              + "\nowes on average. The difference between the two is the lottery's variance, which evens out over many tickets."
            : $"Note: the balance went down by {Units.Eth(balanceBefore - balanceAfter)}, the claims paid {Units.Eth(paidOut)}.");
    }
}
