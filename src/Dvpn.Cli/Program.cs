using System.CommandLine;
using Dvpn.Cli;
using Dvpn.Cli.Commands;

// dvpnctl: talks to dvpnd over its control socket (dvpn.control.v1), and runs the local demo network.
var demo = new Command("demo", "run the local demo network (anvil, contracts, providers, tickets, claims)");
demo.SetAction(async (_, cancellationToken) =>
{
    try
    {
        await DemoRunner.RunAsync(Console.Out, cancellationToken);
        return ExitCodes.Ok;
    }
    catch (OperationCanceledException)
    {
        await Console.Error.WriteLineAsync("demo cancelled");
        return 130;
    }
    catch (Dvpn.Chain.ChainException e)
    {
        await Console.Error.WriteLineAsync($"demo failed: {e.Message}");
        return ExitCodes.Failed;
    }
});

var root = new RootCommand("dvpnctl: control the DvpnClient daemon (dvpnd)")
{
    TunnelCommands.SocketOption,
    TunnelCommands.JsonOption,
    TunnelCommands.Status(),
    TunnelCommands.Connect(),
    TunnelCommands.Disconnect(),
    demo,
};
return await root.Parse(args).InvokeAsync();
