namespace Dvpn.Cli.Commands;

/// <summary>An argument dvpnctl rejects before asking the daemon (exit code 5, like the daemon's INVALID_ARGUMENT).</summary>
internal sealed class CliArgumentException(string argument, string problem) : Exception($"{argument}: {problem}")
{
    public string Argument { get; } = argument;
}
