using System.Diagnostics;
using System.Runtime.Versioning;
using Dvpn.Cli.Demo;
using Dvpn.Control.V1;
using Grpc.Core;

namespace Dvpn.Cli;

/// <summary>
/// <c>dvpnctl demo</c> (DESIGN §8): the whole local network, then a user's session through the real daemon. Anvil with
/// the contracts, three real providers in their own network namespaces, a funded lottery account and dvpnd; then,
/// only through dvpnd's control API, connect, carry real traffic to the lab's "internet" host, reconnect to another
/// provider and carry more, disconnect; the providers claim their winning tickets on chain; and a summary of who was
/// paid what. Everything is torn down at the end, on failure and on Ctrl-C.
/// </summary>
internal static class DemoRunner
{
    /// <summary>How much each session carries: enough for a few winning tickets at the demo's prices.</summary>
    private const long TransferBytes = 48 * Units.MiB;

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ClaimsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClaimsPoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan TeardownGrace = TimeSpan.FromSeconds(60);

    /// <exception cref="DemoException">A prerequisite is missing or a step did not work (the message says which).</exception>
    public static Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!OperatingSystem.IsLinux())
        {
            throw new DemoException("The demo runs on Linux only: it puts providers and the client in network namespaces.");
        }

        return RunOnLinuxAsync(TextWriter.Synchronized(output), cancellationToken);
    }

    [SupportedOSPlatform("linux")]
    private static async Task RunOnLinuxAsync(TextWriter o, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        o.WriteLine("DvpnClient demo: a local chain, three providers, dvpnd, real traffic paid with lottery tickets");
        o.WriteLine();
        DemoPrerequisites.Check();

        var network = new DemoNetwork(o);
        // On Ctrl-C the command line stops waiting for us after a short grace and returns from Main; holding the
        // process open until the teardown below has run keeps providers, dvpnd and namespaces from outliving it.
        using var tornDown = new ManualResetEventSlim();
        void WaitForTeardown(object? sender, EventArgs e) => tornDown.Wait(TeardownGrace);
        AppDomain.CurrentDomain.ProcessExit += WaitForTeardown;
        try
        {
            await network.StartAsync(cancellationToken);
            DemoResults results = await RunSessionsAsync(o, network, cancellationToken);
            DemoSummary.Write(o, network, results);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DemoException($"dvpnd answered {e.StatusCode}: {e.Status.Detail}\n--- dvpnd output (last lines) ---\n{Tail(network)}", e);
        }
        finally
        {
            var teardown = Stopwatch.StartNew();
            o.WriteLine();
            o.WriteLine("teardown   stopping dvpnd, the providers and anvil; removing the namespaces...");
            try
            {
                await network.DisposeAsync();
                o.WriteLine($"teardown   done in {Units.Seconds(teardown.Elapsed)}");
            }
            finally
            {
                tornDown.Set();
                AppDomain.CurrentDomain.ProcessExit -= WaitForTeardown;
            }
        }

        o.WriteLine($"demo finished in {Units.Seconds(clock.Elapsed)}");
    }

    [SupportedOSPlatform("linux")]
    private static async Task<DemoResults> RunSessionsAsync(TextWriter o, DemoNetwork network, CancellationToken cancellationToken)
    {
        var tunnel = new TunnelService.TunnelServiceClient(network.Channel);
        var wallet = new WalletService.WalletServiceClient(network.Channel);
        var stats = new StatsService.StatsServiceClient(network.Channel);
        var spending = new SpendingService.SpendingServiceClient(network.Channel);

        Wallet before = await wallet.GetWalletAsync(new GetWalletRequest(), cancellationToken: cancellationToken);
        o.WriteLine($"wallet     dvpnd sees signer {before.Signer}: balance {Units.Eth(before.Balance)}, escrow {Units.Eth(before.Escrow)}");
        o.WriteLine("events     EventService.WatchEvents: a snapshot first, then every change in order");

        var sessions = new List<DemoSession>();
        TimeSpan disconnectTime;
        int eventCount;
        await using (EventPrinter events = await EventPrinter.StartAsync(o, network, cancellationToken))
        {
            o.WriteLine();
            o.WriteLine("session 1  TunnelService.Connect: dvpnd selects a provider (stake-weighted, probed) among eu-de, eu-nl, us-east");
            var timer = Stopwatch.StartNew();
            ConnectResponse connected = await tunnel.ConnectAsync(new ConnectRequest(), deadline: Deadline(), cancellationToken: cancellationToken);
            sessions.Add(await CarryAsync(o, network, connected, timer.Elapsed, upload: true, cancellationToken));

            o.WriteLine();
            o.WriteLine("session 2  TunnelService.Reconnect: leave this provider for another one");
            timer.Restart();
            ConnectResponse reconnected = await tunnel.ReconnectAsync(new ReconnectRequest(), deadline: Deadline(), cancellationToken: cancellationToken);
            sessions.Add(await CarryAsync(o, network, reconnected, timer.Elapsed, upload: true, cancellationToken));

            o.WriteLine();
            o.WriteLine("disconnect TunnelService.Disconnect");
            timer.Restart();
            await tunnel.DisconnectAsync(new DisconnectRequest { Reason = "demo finished" }, deadline: Deadline(), cancellationToken: cancellationToken);
            disconnectTime = timer.Elapsed;
            bool reachable = await network.Lab.CanReachInternetAsync(TimeSpan.FromSeconds(1), cancellationToken);
            o.WriteLine($"           disconnected in {Units.Seconds(disconnectTime)}; the client namespace {(reachable ? "STILL reaches" : "no longer reaches")} the internet host");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken); // the last state change reaches the printer
            eventCount = events.Received;
        }

        o.WriteLine();
        IReadOnlyDictionary<DemoProvider, ProviderFigures> figures = await WaitForClaimsAsync(o, network, cancellationToken);
        var chain = await network.Lab.Chain.ConnectReadOnlyAsync(cancellationToken);
        IReadOnlyList<LandedClaim> claims = await ClaimsOnChain.ReadAsync(chain, network.Lab.Chain.Contracts.Lottery, cancellationToken);
        Wallet after = await wallet.GetWalletAsync(new GetWalletRequest(), cancellationToken: cancellationToken);
        SpendSummary spent = await spending.GetSpendSummaryAsync(new GetSpendSummaryRequest(), cancellationToken: cancellationToken);
        ListSessionsResponse history = await stats.ListSessionsAsync(new ListSessionsRequest(), cancellationToken: cancellationToken);
        return new DemoResults(sessions, history.Sessions, figures, claims, before, after, spent, disconnectTime, eventCount);
    }

    [SupportedOSPlatform("linux")]
    private static async Task<DemoSession> CarryAsync(TextWriter o, DemoNetwork network, ConnectResponse response, TimeSpan connectTime, bool upload,
        CancellationToken cancellationToken)
    {
        TunnelState.Types.Connected connected = response.State.Connected
            ?? throw new DemoException($"Connect returned without a connection: {response.State}");
        string provider = connected.Provider.Address;
        o.WriteLine($"           connected to {network.NameOf(provider)} ({connected.Provider.Region}, {Units.Eth(Units.Wei(connected.Provider.PricePerGib), 2)}/GiB) in {Units.Seconds(connectTime)}; " +
            $"credit limit {Units.Eth(connected.Session.CreditLimit)}");
        o.WriteLine($"           {Units.Size(TransferBytes)} of random bytes {(upload ? "from the client namespace to" : "to the client namespace from")} the internet host, through the tunnel:");
        var transfer = await TrafficRun.RunAsync(o, network, TransferBytes, upload, cancellationToken);
        return new DemoSession(provider, connectTime, transfer, upload);
    }

    /// <summary>
    /// Waits until every winning ticket the providers queued has been paid (or has expired), reading their metrics,
    /// and reports the providers' own figures. Winners still pending at the deadline are reported, not waited for.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static async Task<IReadOnlyDictionary<DemoProvider, ProviderFigures>> WaitForClaimsAsync(TextWriter o, DemoNetwork network,
        CancellationToken cancellationToken)
    {
        o.WriteLine("claims     waiting for the providers to claim their winning tickets on chain...");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var figures = new Dictionary<DemoProvider, ProviderFigures>();
            foreach (DemoProvider p in network.Providers)
            {
                figures[p] = await ProviderFigures.ReadAsync(p, cancellationToken);
            }

            double won = figures.Values.Sum(f => f.TicketsWon), pending = figures.Values.Sum(f => f.WinnersPending);
            if (pending == 0 || clock.Elapsed > ClaimsTimeout)
            {
                o.WriteLine($"           {Units.Count(won)} winning tickets, {Units.Count(figures.Values.Sum(f => f.TicketsClaimed))} paid on chain, " +
                    $"{Units.Count(pending)} still pending ({Units.Seconds(clock.Elapsed)})");
                return figures;
            }

            await Task.Delay(ClaimsPoll, cancellationToken);
        }
    }

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + ConnectTimeout;

    [SupportedOSPlatform("linux")]
    private static string Tail(DemoNetwork network)
    {
        try
        {
            string[] lines = network.Daemon.Output.Split('\n');
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (InvalidOperationException)
        {
            return "(dvpnd was not started)";
        }
    }
}
