using System.Net.Sockets;
using Dvpn.Control;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Cli.Commands;

/// <summary>Runs one call against dvpnd and turns the outcome into output and an exit code.</summary>
internal static class ControlCall
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static async Task<int> RunAsync<T>(string socket, bool json, Func<GrpcChannel, CancellationToken, Task<T>> call, Func<T, string> describe,
        CancellationToken cancellationToken)
        where T : IMessage
    {
        if (!File.Exists(socket))
        {
            await Console.Error.WriteLineAsync($"dvpnctl: dvpnd is not running (no socket at {socket}); start it with: systemctl start dvpnd").ConfigureAwait(false);
            return ExitCodes.DaemonNotRunning;
        }

        using GrpcChannel channel = ControlChannel.ForUnixSocket(socket);
        try
        {
            T result = await call(channel, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(json ? Json.Format(result) : describe(result)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && e.InnerException is HttpRequestException { InnerException: SocketException })
        {
            await Console.Error.WriteLineAsync($"dvpnctl: dvpnd is not running (nothing answers on {socket})").ConfigureAwait(false);
            return ExitCodes.DaemonNotRunning;
        }
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"dvpnctl: {e.Status.Detail} ({e.StatusCode})").ConfigureAwait(false);
            return e.StatusCode switch
            {
                StatusCode.PermissionDenied or StatusCode.Unauthenticated => ExitCodes.PermissionDenied,
                StatusCode.InvalidArgument => ExitCodes.InvalidArgument,
                _ => ExitCodes.Failed,
            };
        }
    }
}
