namespace Dvpn.Cli.Commands;

/// <summary>Nothing listens on the control socket (exit code 3).</summary>
internal sealed class DaemonNotRunningException(string message) : Exception(message);
