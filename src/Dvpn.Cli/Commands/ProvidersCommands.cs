using System.CommandLine;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>providers list/show/probe/preview/refresh/allow/deny/lists (ProviderService).</summary>
internal static class ProvidersCommands
{
    public static Command Create() => new("providers", "the provider directory as dvpnd knows it")
    {
        List(), Show(), Probe(), Preview(), Refresh(), ChangeList("allow"), ChangeList("deny"), Lists(),
    };

    private static Command List()
    {
        var region = RegionOption("only providers in these regions (repeat, or comma-separated)");
        var sort = new Option<string>("--sort") { Description = "order: stake (highest first), price (cheapest first), region", DefaultValueFactory = _ => "stake" };
        sort.AcceptOnlyFromAmong("stake", "price", "region");
        var limit = new Option<int?>("--limit", "-n") { Description = "at most this many (default: all)", HelpName = "count" };
        var maxPrice = new Option<string>("--max-price") { Description = $"only providers at or below this price per GiB ({Args.AmountHelp})", HelpName = "amount" };
        var all = new Option<bool>("--all", "-a") { Description = "include providers below the minimum stake (not selectable)" };
        return new Command("list", "list the cached providers, filtered and sorted") { region, sort, limit, maxPrice, all }.WithCall(async call =>
        {
            int? wanted = call.Get(limit);
            if (wanted is < 1)
            {
                throw new CliArgumentException("--limit", "must be at least 1");
            }

            var request = new ListProvidersRequest
            {
                Sort = call.Get(sort) switch { "price" => ProviderSort.Price, "region" => ProviderSort.Region, _ => ProviderSort.Stake },
                MaxPricePerGib = Args.Amount(call.Get(maxPrice), "--max-price"),
                IncludeUnlisted = call.Get(all),
                Page = new PageRequest { PageSize = (uint)Math.Min(wanted ?? 1000, 1000) },
            };
            request.Regions.AddRange(Args.Regions(call.Get(region), "--region"));

            // One response for all the pages dvpnctl fetched; next_page_token is where it stopped.
            ListProvidersResponse result = await call.Providers.ListProvidersAsync(request, call.Options);
            while (result.NextPageToken.Length > 0 && (wanted is null || result.Providers.Count < wanted))
            {
                request.Page.PageToken = result.NextPageToken;
                ListProvidersResponse page = await call.Providers.ListProvidersAsync(request, call.Options);
                result.Providers.AddRange(page.Providers);
                result.NextPageToken = page.NextPageToken;
            }

            if (wanted is { } most && result.Providers.Count > most)
            {
                ListProvidersResponse trimmed = result.Clone();
                trimmed.Providers.Clear();
                trimmed.Providers.AddRange(result.Providers.Take(most));
                result = trimmed;
            }

            return call.Print(result, PrintList);
        });
    }

    private static void PrintList(TextWriter output, ListProvidersResponse response)
    {
        Text.Table(output, ["ADDRESS", "REGION", "PRICE/GiB", "STAKE", "ENDPOINT", "NOTE"], response.Providers.Select(p => new[]
        {
            p.Address, p.Region, Text.Amount(p.PricePerGib, "?"), Text.Amount(p.Stake, "?"), p.Endpoint,
            (p.Listed ? "" : "unlisted ") + (p.AvoidedUntil is null ? "" : $"avoided until {Text.Time(p.AvoidedUntil)}: {p.AvoidReason}"),
        }));
        output.WriteLine($"{response.Providers.Count} providers at block {response.BlockNumber}, read {Text.Time(response.FetchedAt)}"
                         + (response.FromCache ? " (from the disk cache: chain unreachable)" : "")
                         + (response.Rejected > 0 ? $"; {response.Rejected} rejected as malformed" : ""));
    }

    private static Command Show()
    {
        var address = AddressArgument();
        return new Command("show", "one provider") { address }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Providers.GetProviderAsync(new GetProviderRequest { Address = Args.Address(call.Get(address), "address") }, call.Options),
                (o, p) => Text.Pairs(o,
                    ("address", p.Address),
                    ("endpoint", p.Endpoint),
                    ("region", p.Region),
                    ("price", Text.Amount(p.PricePerGib, "?") + " per GiB"),
                    ("stake", Text.Amount(p.Stake, "?")),
                    ("listed", Text.YesNo(p.Listed)),
                    ("wireguard key", p.WireguardPublicKey),
                    ("tls fingerprint", p.TlsFingerprint),
                    ("avoided until", p.AvoidedUntil is null ? "-" : $"{Text.Time(p.AvoidedUntil)} ({p.AvoidReason})"))));
    }

    private static Command Probe()
    {
        var address = AddressArgument();
        return new Command("probe", "measure the TCP connect time to a provider's endpoint") { address }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Providers.ProbeProviderAsync(new ProbeProviderRequest { Address = Args.Address(call.Get(address), "address") }, call.Options),
                (o, r) => o.WriteLine(r.Latency is null ? "no answer within the probe timeout" : Text.Duration(r.Latency))));
    }

    private static Command Preview()
    {
        var provider = new Option<string>("--provider", "-p") { Description = "pin this provider", HelpName = "address" };
        var region = RegionOption("only providers in these regions");
        var maxPrice = new Option<string>("--max-price") { Description = $"highest price per GiB ({Args.AmountHelp})", HelpName = "amount" };
        return new Command("preview", "what a connect would pick now, with every exclusion and its reason") { provider, region, maxPrice }.WithCall(call =>
        {
            var selection = new ProviderSelection
            {
                Provider = call.Get(provider) is { } pinned ? Args.Address(pinned, "--provider") : "",
                MaxPricePerGib = Args.Amount(call.Get(maxPrice), "--max-price"),
            };
            selection.Regions.AddRange(Args.Regions(call.Get(region), "--region"));
            return TunnelCommands.PrintAsync(call, call.Providers.PreviewSelectionAsync(new PreviewSelectionRequest { Selection = selection }, call.Options), PrintPreview);
        });
    }

    private static void PrintPreview(TextWriter output, PreviewSelectionResponse r)
    {
        output.WriteLine(r.Choice.Length > 0 ? $"choice: {r.Choice} ({r.Eligible} eligible)" : $"no provider available ({r.Eligible} eligible)");
        if (r.Candidates.Count > 0)
        {
            output.WriteLine("probed:");
            Text.Table(output, ["  ADDRESS", "LATENCY"], r.Candidates.Select(c => new[] { "  " + c.Address, Text.Duration(c.Latency, "no answer") }));
        }

        if (r.Excluded.Count > 0)
        {
            output.WriteLine("excluded:");
            Text.Table(output, ["  ADDRESS", "REASON"], r.Excluded.Select(x => new[] { "  " + x.Address, x.Reason }));
        }
    }

    private static Command Refresh() =>
        new Command("refresh", "read the provider directory from the chain now").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Providers.RefreshProvidersAsync(new RefreshProvidersRequest(), call.Options),
                (o, r) => o.WriteLine($"block {r.BlockNumber}: {r.Listed} listed, {r.Rejected} rejected")));

    /// <summary>`allow` and `deny`: add addresses to a list (taking them off the other one), or --remove them.</summary>
    private static Command ChangeList(string name)
    {
        var addresses = new Argument<string[]>("address") { Description = "provider addresses", Arity = ArgumentArity.OneOrMore };
        var remove = new Option<bool>("--remove") { Description = $"take them off the {name} list instead" };
        string description = name == "allow"
            ? "add providers to the allow list (when it is not empty, only those are used)"
            : "add providers to the deny list (never used)";
        return new Command(name, description) { addresses, remove }.WithCall(async call =>
        {
            string[] given = [.. call.Get(addresses)!.Select(a => Args.Address(a, "address"))];
            ProviderLists lists = await call.Providers.GetProviderListsAsync(new GetProviderListsRequest(), call.Options);
            (Google.Protobuf.Collections.RepeatedField<string> target, Google.Protobuf.Collections.RepeatedField<string> other) =
                name == "allow" ? (lists.Allow, lists.Deny) : (lists.Deny, lists.Allow);
            foreach (string address in given)
            {
                RemoveAll(target, address);
                if (!call.Get(remove))
                {
                    RemoveAll(other, address);
                    target.Add(address);
                }
            }

            return call.Print(await call.Providers.SetProviderListsAsync(lists, call.Options), PrintLists);
        });
    }

    private static Command Lists()
    {
        var clear = new Option<bool>("--clear") { Description = "empty both lists" };
        return new Command("lists", "show the allow and deny lists") { clear }.WithCall(async call => call.Print(call.Get(clear)
            ? await call.Providers.SetProviderListsAsync(new ProviderLists(), call.Options)
            : await call.Providers.GetProviderListsAsync(new GetProviderListsRequest(), call.Options), PrintLists));
    }

    private static void PrintLists(TextWriter output, ProviderLists lists) => Text.Pairs(output,
        ("allow", Text.List(lists.Allow, "(empty: any provider)")),
        ("deny", Text.List(lists.Deny, "(empty)")));

    private static void RemoveAll(Google.Protobuf.Collections.RepeatedField<string> list, string address)
    {
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (string.Equals(list[i], address, StringComparison.OrdinalIgnoreCase))
            {
                list.RemoveAt(i);
            }
        }
    }

    private static Argument<string> AddressArgument() => new("address") { Description = "the provider's address (0x and 40 hex digits)" };

    internal static Option<string[]> RegionOption(string description) => new("--region", "-r")
    {
        Description = description,
        HelpName = "region",
        AllowMultipleArgumentsPerToken = true,
    };
}
