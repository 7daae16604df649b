using System.CommandLine;
using Dvpn.Cli.Commands;

namespace Dvpn.Cli;

/// <summary>dvpnctl as a library: the whole command line, runnable in-process with captured output (for tests).</summary>
public static class Cli
{
    /// <summary>
    /// Runs dvpnctl with <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>,
    /// and returns its exit code (docs/cli.md). Cancelling <paramref name="cancellationToken"/> is Ctrl-C (exit 130).
    /// Signals are not handled here: the process entry point maps Ctrl-C and SIGTERM to the token.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        RootCommand root = CreateRootCommand();
        ParseResult parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        int exitCode = await parse.InvokeAsync(configuration, cancellationToken);

        // System.CommandLine answers a parse error with 1; scripts get the usage code.
        return parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction ? ExitCodes.Usage : exitCode;
    }

    /// <summary>Every command of dvpnctl.</summary>
    internal static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("dvpnctl: control the DvpnClient daemon (dvpnd) over its local socket")
        {
            GlobalOptions.Socket,
            GlobalOptions.Json,
        };
        foreach (Command command in (IEnumerable<Command>)[
                     .. TunnelCommands.All(),
                     ProvidersCommands.Create(),
                     WalletCommands.Create(),
                     SpendCommands.Create(),
                     StatsCommands.Create(),
                     SettingsCommands.Create(),
                     .. DiagnosticsCommands.All(),
                     DemoCommand.Create(),
                 ])
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
