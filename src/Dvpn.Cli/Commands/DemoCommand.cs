using System.CommandLine;

namespace Dvpn.Cli.Commands;

/// <summary>
/// `dvpnctl demo`: the local demo network (DemoRunner). It starts its own dvpnd on a socket of its own, so it ignores
/// --socket; a failure is one readable message (DemoException messages carry their fix), never a stack trace.
/// </summary>
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
            catch (Exception e) when (e is Demo.DemoException or Dvpn.Chain.ChainException)
            {
                await error.WriteLineAsync($"demo failed: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (Exception e)
            {
                await error.WriteLineAsync($"demo failed: {e}");
                return ExitCodes.Failed;
            }
        });
        return demo;
    }
}
