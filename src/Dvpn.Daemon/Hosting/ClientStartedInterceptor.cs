using Dvpn.Client;
using Dvpn.Daemon.Api;
using Grpc.Core;
using Grpc.Core.Interceptors;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// The client starts in the background (keys, chain, provider cache) so that the API answers within moments of
/// dvpnd's start; this holds every dvpn.control.v1 call that needs the client until it has started (within the call's
/// own deadline), and fails them with UNAVAILABLE when the start failed. The diagnostics that do not need the client
/// (version, capabilities, logs, log level) answer at once, which is what a supervisor or a support request needs
/// while the daemon is still starting or cannot.
/// </summary>
internal sealed class ClientStartedInterceptor(DvpnClient client) : Interceptor
{
    private const string Package = "/dvpn.control.v1.";

    private static readonly HashSet<string> AnswerBeforeStart = new(StringComparer.Ordinal)
    {
        "/dvpn.control.v1.DiagnosticsService/GetVersion",
        "/dvpn.control.v1.DiagnosticsService/GetCapabilities",
        "/dvpn.control.v1.DiagnosticsService/WatchLogs",
        "/dvpn.control.v1.DiagnosticsService/SetLogLevel",
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await WaitForClientAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await WaitForClientAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await WaitForClientAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await WaitForClientAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task WaitForClientAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith(Package, StringComparison.Ordinal) || AnswerBeforeStart.Contains(context.Method))
        {
            return;
        }

        try
        {
            await client.WaitUntilStartedAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "dvpnd's client is still starting"));
        }
        catch (DvpnClientException e)
        {
            throw ApiErrors.From(e);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw ApiErrors.Create(StatusCode.Unavailable, V1.ErrorReason.Unspecified, $"dvpnd's client could not start: {e.Message}");
        }
    }
}
