using System.CommandLine;
using Dvpn.Control;

namespace Dvpn.Cli.Commands;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    /// <summary>The environment variable that names the socket when --socket is not given.</summary>
    public const string SocketVariable = "DVPN_SOCKET";

    public static Option<string> Socket { get; } = new("--socket")
    {
        Description = $"dvpnd's control socket (default: ${SocketVariable}, else {ControlChannel.DefaultUnixSocketPath})",
        HelpName = "path",
        Recursive = true,
    };

    /// <summary>--socket, else $DVPN_SOCKET, else the default path.</summary>
    public static string ResolveSocket(string? given) =>
        given is { Length: > 0 } ? given
        : Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : ControlChannel.DefaultUnixSocketPath;

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "print the API's message as JSON (proto3 JSON, default values included); streams print one object per line",
        Recursive = true,
    };
}
