using Microsoft.Extensions.Logging;

namespace Dvpn.Control.Server;

/// <summary>Every log line of the control server, with stable event ids (7100-7199).</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Information, "Created control socket directory {Directory}")]
    public static partial void CreatedDirectory(ILogger logger, string directory);

    [LoggerMessage(7101, LogLevel.Warning, "Removed stale control socket {Path}: nothing answered on it")]
    public static partial void RemovedStaleSocket(ILogger logger, string path);

    [LoggerMessage(7102, LogLevel.Information, "Control API listening on {Path} (mode {Mode})")]
    public static partial void Listening(ILogger logger, string path, string mode);

    [LoggerMessage(7103, LogLevel.Warning, "Could not read the peer credentials of a control connection; it will be refused")]
    public static partial void PeerCredentialsFailed(ILogger logger, Exception exception);

    [LoggerMessage(7104, LogLevel.Debug, "Control connection from uid {Uid} gid {Gid} pid {Pid}")]
    public static partial void Connected(ILogger logger, uint uid, uint gid, int pid);

    [LoggerMessage(7105, LogLevel.Warning, "Denied {Method} to uid {Uid} (pid {Pid}): it requires {Required}, the caller is {Role}")]
    public static partial void Denied(ILogger logger, string method, uint uid, int pid, string required, string role);

    [LoggerMessage(7106, LogLevel.Warning, "Method {Method} has no role in the access table; it is treated as Admin")]
    public static partial void UnknownMethod(ILogger logger, string method);

    [LoggerMessage(7107, LogLevel.Warning, "Operator group {Group} does not exist in /etc/group; only root may change state")]
    public static partial void OperatorGroupMissing(ILogger logger, string group);
}
