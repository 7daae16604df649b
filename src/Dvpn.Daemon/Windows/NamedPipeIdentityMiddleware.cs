using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Principal;
using Dvpn.Control.Server.Identity;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Dvpn.Daemon.Windows;

/// <summary>
/// Kestrel connection middleware for the named pipe: reads the client's token once per connection by impersonating
/// it (the client connects at Identification level, which lets the service query the token but not act as the
/// client) and stores a <see cref="CallerIdentity"/>: an operator is LocalSystem, an elevated member of
/// Administrators (a UAC-filtered token has the group deny-only and is not one), or a member of the operator group.
/// A client at Anonymous level, or whose token cannot be read, is disconnected. UNTESTED here (Linux build machine).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed partial class NamedPipeIdentityMiddleware(ConnectionDelegate next, string operatorGroup, ILogger logger)
{
    public Task OnConnectedAsync(ConnectionContext connection)
    {
        CallerIdentity? identity = TryIdentify(connection);
        if (identity is null)
        {
            connection.Abort(new ConnectionAbortedException("The caller's identity could not be read"));
            return Task.CompletedTask;
        }

        connection.Features.Set(identity);
        return next(connection);
    }

    private CallerIdentity? TryIdentify(ConnectionContext connection)
    {
        try
        {
            var pipe = connection.Features.Get<IConnectionNamedPipeFeature>()?.NamedPipe
                ?? throw new InvalidOperationException("The connection is not a named pipe");
            WindowsIdentity? client = null;
            pipe.RunAsClient(() => client = WindowsIdentity.GetCurrent(TokenAccessLevels.Query));
            using WindowsIdentity token = client ?? throw new InvalidOperationException("No client token");
            if (token.ImpersonationLevel == TokenImpersonationLevel.Anonymous || token.User is null)
            {
                throw new InvalidOperationException("The client connected anonymously");
            }

            var principal = new WindowsPrincipal(token);
            bool isOperator = token.IsSystem || principal.IsInRole(WindowsBuiltInRole.Administrator) || IsInGroup(principal, operatorGroup);
            int pid = GetNamedPipeClientProcessId(pipe.SafePipeHandle, out uint clientPid) ? (int)clientPid : 0;
            return CallerIdentity.ForWindows(token.User.Value, pid, isOperator);
        }
        catch (Exception e) when (e is InvalidOperationException or UnauthorizedAccessException or IOException or System.Security.SecurityException)
        {
            LogIdentityFailed(logger, e);
            return null;
        }
    }

    private static bool IsInGroup(WindowsPrincipal principal, string group)
    {
        try
        {
            return principal.IsInRole(group);
        }
        catch (SystemException)
        {
            return false;
        }
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetNamedPipeClientProcessId(Microsoft.Win32.SafeHandles.SafePipeHandle pipe, out uint clientProcessId);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "A control pipe client was refused: its identity could not be read")]
    private static partial void LogIdentityFailed(ILogger logger, Exception exception);
}
