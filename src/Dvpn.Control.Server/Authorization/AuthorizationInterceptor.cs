using Dvpn.Control.Server.Identity;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Dvpn.Control.Server.Authorization;

/// <summary>
/// Checks every call against <see cref="MethodAccessTable"/> before the handler runs, using the connection's
/// <see cref="CallerIdentity"/>. A denied call ends with PERMISSION_DENIED naming the method and what it takes; an
/// allowed one carries a <see cref="CallerAccess"/> the handler reads with
/// <see cref="ServerCallContextExtensions.GetCallerAccess"/> (to redact secrets for <see cref="ControlRole.ReadOnly"/>).
/// </summary>
public sealed class AuthorizationInterceptor(AccessPolicy policy, MethodAccessTable table, ILogger<AuthorizationInterceptor> logger)
    : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        var features = context.GetHttpContext().Features;
        var identity = features.Get<CallerIdentity>()
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated,
                "The control API only serves callers on its Unix socket, whose identity the kernel vouches for"));

        var required = table.RequiredRole(context.Method, out bool listed);
        if (!listed)
        {
            Log.UnknownMethod(logger, context.Method);
        }

        var role = policy.RoleOf(identity);
        if (role < required)
        {
            Log.Denied(logger, context.Method, identity.Uid, identity.Pid, required.ToString(), role.ToString());
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"{context.Method} requires the {required} role: run it as root or as a member of the " +
                $"'{policy.OperatorGroup}' group (the caller is uid {identity.Uid}, {role})"));
        }

        features.Set(new CallerAccess(identity, role));
    }
}
