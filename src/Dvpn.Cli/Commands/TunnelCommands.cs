using System.CommandLine;
using Dvpn.Control.V1;
using Grpc.Core;

namespace Dvpn.Cli.Commands;

/// <summary>status, connect, disconnect, reconnect (TunnelService, and EventService for --watch and --wait).</summary>
internal static class TunnelCommands
{
    /// <summary>How long `connect` without --wait waits for the daemon to start connecting before it reports the state.</summary>
    private static readonly TimeSpan AcceptWait = TimeSpan.FromSeconds(3);

    public static IEnumerable<Command> All() => [Status(), Connect(), Disconnect(), Reconnect()];

    private static Command Status()
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "print the snapshot, then one line per event until Ctrl-C (WatchEvents)" };
        return new Command("status", "show the tunnel state and the target; --watch follows every event") { watch }.WithCall(call =>
            call.Get(watch)
                ? call.PrintStreamAsync(call.Events.WatchEvents(new WatchEventsRequest(), call.Options), (o, e) => o.WriteLine(Describe.Event(e)))
                : PrintAsync(call, call.Tunnel.GetTunnelStateAsync(new GetTunnelStateRequest(), call.Options), (o, r) => Text.Pairs(o,
                    ("state", Describe.State(r.State)),
                    ("target", Describe.Target(r.Target)))));
    }

    private static Command Connect()
    {
        var provider = new Option<string>("--provider", "-p") { Description = "connect to this provider only", HelpName = "address" };
        var region = new Option<string[]>("--region", "-r")
        {
            Description = "only providers in these regions (repeat, or comma-separated)",
            HelpName = "region",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxPrice = new Option<string>("--max-price") { Description = $"highest price per GiB for this connection ({Args.AmountHelp})", HelpName = "amount" };
        var wait = new Option<bool>("--wait", "-w") { Description = "wait until connected (or failed), printing progress on stderr" };
        var timeout = new Option<int?>("--timeout") { Description = "with --wait: give up waiting after this many seconds (dvpnd keeps connecting)", HelpName = "seconds" };
        var command = new Command("connect", "connect; dvpnd keeps the tunnel up until disconnect (returns once it is connecting unless --wait)")
        {
            provider, region, maxPrice, wait, timeout,
        };
        return command.WithCall(call =>
        {
            var selection = new ProviderSelection
            {
                Provider = call.Get(provider) is { } address ? Args.Address(address, "--provider") : "",
                MaxPricePerGib = Args.Amount(call.Get(maxPrice), "--max-price"),
            };
            selection.Regions.AddRange(Args.Regions(call.Get(region), "--region"));
            return ConnectAsync(call, new ConnectRequest { Selection = selection }, call.Get(wait), call.Get(timeout));
        });
    }

    private static Command Disconnect()
    {
        var reason = new Option<string>("--reason") { Description = "why, for the log and the session history (at most 200 characters)" };
        return new Command("disconnect", "disconnect and stay disconnected") { reason }.WithCall(call =>
            PrintAsync(call, call.Tunnel.DisconnectAsync(new DisconnectRequest { Reason = call.Get(reason) ?? "dvpnctl disconnect" }, call.Options),
                (o, r) => o.WriteLine(Describe.State(r.State))));
    }

    private static Command Reconnect() =>
        new Command("reconnect", "leave the current provider for another one").WithCall(call =>
            PrintAsync(call, call.Tunnel.ReconnectAsync(new ReconnectRequest(), call.Options), (o, r) => o.WriteLine(Describe.State(r.State))));

    /// <summary>Awaits a unary call and prints its response.</summary>
    internal static async Task<int> PrintAsync<T>(Call call, AsyncUnaryCall<T> pending, Action<TextWriter, T> human)
        where T : Google.Protobuf.IMessage
    {
        using (pending)
        {
            return call.Print(await pending.ResponseAsync, human);
        }
    }

    /// <summary>
    /// Connect returns once the tunnel is up (or fails). Without --wait dvpnctl returns as soon as the daemon reports
    /// it is connecting, and stops waiting on the call: that ends the wait, not the connection. The event stream is
    /// opened first, so no state change between the two calls is missed.
    /// </summary>
    private static async Task<int> ConnectAsync(Call call, ConnectRequest request, bool wait, int? timeoutSeconds)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken);
        if (wait && timeoutSeconds is > 0)
        {
            waiting.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds.Value));
        }
        else if (!wait)
        {
            waiting.CancelAfter(AcceptWait);
        }

        using AsyncServerStreamingCall<Event> events = call.Events.WatchEvents(new WatchEventsRequest(), cancellationToken: waiting.Token);
        using AsyncUnaryCall<ConnectResponse>? connect = await events.ResponseStream.MoveNext(waiting.Token)
            ? call.Tunnel.ConnectAsync(request, cancellationToken: waiting.Token)
            : null;
        if (connect is null)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "dvpnd closed the event stream"));
        }

        TunnelState? accepted = null;
        Task<bool> next = events.ResponseStream.MoveNext(waiting.Token);
        try
        {
            while (accepted is null)
            {
                if (await Task.WhenAny(connect.ResponseAsync, next) == connect.ResponseAsync)
                {
                    return call.Print(await connect.ResponseAsync, (o, r) => o.WriteLine(Describe.State(r.State)));
                }

                if (!await next)
                {
                    break;
                }

                Event e = events.ResponseStream.Current;
                if (wait && !call.Json)
                {
                    await call.Error.WriteLineAsync(Describe.Event(e));
                }

                if (!wait && e.TunnelStateChanged is { Target: TargetState.Secured, State.StateCase: TunnelState.StateOneofCase.Connecting or TunnelState.StateOneofCase.Connected } changed)
                {
                    accepted = changed.State;
                }
                else
                {
                    next = events.ResponseStream.MoveNext(waiting.Token);
                }
            }

            if (accepted is null)
            {
                return call.Print(await connect.ResponseAsync, (o, r) => o.WriteLine(Describe.State(r.State)));
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Cancelled or StatusCode.DeadlineExceeded && waiting.IsCancellationRequested
                                     && !call.CancellationToken.IsCancellationRequested)
        {
            // Our own deadline: without --wait that is the normal end; with --timeout the daemon is still connecting.
            accepted ??= (await call.Tunnel.GetTunnelStateAsync(new GetTunnelStateRequest(), call.Options)).State;
            if (wait)
            {
                await call.Error.WriteLineAsync($"dvpnctl: gave up waiting after {timeoutSeconds} s; dvpnd keeps trying ({Describe.State(accepted)})");
                return ExitCodes.Unavailable;
            }
        }
        finally
        {
            await waiting.CancelAsync();
            await Observe(connect.ResponseAsync);
            await Observe(next);
        }

        return call.Print(new ConnectResponse { State = accepted }, (o, r) => o.WriteLine(Describe.State(r.State)));
    }

    /// <summary>Awaits a call abandoned by cancellation, so its failure is observed and not rethrown.</summary>
    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            // Cancelled by us: the connection goes on in dvpnd.
        }
    }
}
