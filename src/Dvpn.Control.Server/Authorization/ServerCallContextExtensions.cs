using Dvpn.Control.Server.Identity;
using Grpc.Core;

namespace Dvpn.Control.Server.Authorization;

/// <summary>The caller of a control API call, for handlers.</summary>
public static class ServerCallContextExtensions
{
    /// <summary>The caller and its role as <see cref="AuthorizationInterceptor"/> granted them.</summary>
    /// <exception cref="InvalidOperationException">The interceptor is not installed (a wiring bug).</exception>
    public static CallerAccess GetCallerAccess(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().Features.Get<CallerAccess>()
            ?? throw new InvalidOperationException("No CallerAccess on this call: is AuthorizationInterceptor installed?");
    }

    /// <summary>The caller's identity, as read from its connection.</summary>
    public static CallerIdentity GetCallerIdentity(this ServerCallContext context) => context.GetCallerAccess().Identity;

    /// <summary>Whether secrets must be redacted in this call's answers (the caller is not an operator).</summary>
    public static bool MustRedactSecrets(this ServerCallContext context) => context.GetCallerAccess().Role < ControlRole.Admin;
}
