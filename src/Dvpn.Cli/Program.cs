using Dvpn.Cli;

// dvpnctl. Today it has one command, `demo`, which runs the local network; the control-API commands come with
// the daemon.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("usage: dvpnctl demo    run the local demo network (anvil, contracts, providers, tickets, claims)");
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "demo")
{
    using var cts = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cts.Cancel();
    };
    try
    {
        await DemoRunner.RunAsync(Console.Out, cts.Token);
        return 0;
    }
    catch (OperationCanceledException)
    {
        Console.Error.WriteLine("demo cancelled");
        return 130;
    }
    catch (Dvpn.Chain.ChainException e)
    {
        Console.Error.WriteLine($"demo failed: {e.Message}");
        return 1;
    }
}

Console.Error.WriteLine($"dvpnctl: unknown command '{args[0]}' (try: dvpnctl demo)");
return 2;
