using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dvpn.Daemon.Windows;

/// <summary>
/// Windows: the control API on a named pipe under <c>ProtectedPrefix\Administrators</c> (only elevated administrators
/// and LocalSystem may create pipes there, so no user can squat the name before the service starts), with an explicit
/// ACL: LocalSystem and Administrators full control, Authenticated Users read/write (to connect and call; what they
/// may do is decided per call), the NETWORK SID denied (nothing over SMB). Caller identity:
/// <see cref="NamedPipeIdentityMiddleware"/>. Compiled on every platform; UNTESTED here (the build machine is Linux).
/// </summary>
[SupportedOSPlatform("windows")]
internal static class NamedPipeTransport
{
    public static void Configure(IWebHostBuilder webHost) =>
        webHost.UseNamedPipes(o =>
        {
            o.CurrentUserOnly = false;
            o.PipeSecurity = CreateSecurity();
        });

    public static void Listen(KestrelServerOptions kestrel, string pipeName, string operatorGroup)
    {
        var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dvpn.Daemon.Windows");
        kestrel.ListenNamedPipe(pipeName, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => new NamedPipeIdentityMiddleware(next, operatorGroup, logger).OnConnectedAsync);
        });
    }

    internal static PipeSecurity CreateSecurity()
    {
        var security = new PipeSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.AuthenticatedUserSid, null), PipeAccessRights.ReadWrite, AccessControlType.Allow));
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.NetworkSid, null), PipeAccessRights.FullControl, AccessControlType.Deny));
        return security;
    }
}
