using System.CommandLine;

namespace Dvpn.Cli.Commands;

/// <summary>`dvpnctl demo`: the local demo network (DemoRunner), which does not talk to dvpnd.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command("demo", "run the local demo network (anvil, contracts, providers, tickets, claims)");
        demo.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                await DemoRunner.RunAsync(output, cancellationToken);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("demo cancelled");
                return ExitCodes.Cancelled;
            }
            catch (Dvpn.Chain.ChainException e)
            {
                await error.WriteLineAsync($"demo failed: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return demo;
    }
}
