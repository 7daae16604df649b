using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using Google.Rpc;
using Grpc.Core;

namespace Dvpn.Cli.Commands;

/// <summary>
/// Runs a command's body against dvpnd and turns every way it can end into a message on stderr and an exit code:
/// the one place where errors are reported, so every command reports them alike.
/// </summary>
internal static class CallRunner
{
    /// <summary>Makes <paramref name="body"/> the command's action.</summary>
    public static Command WithCall(this Command command, Func<Call, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var call = new Call(parse, cancellationToken);
            return await RunAsync(call, body);
        });
        return command;
    }

    private static async Task<int> RunAsync(Call call, Func<Call, Task<int>> body)
    {
        try
        {
            return await body(call);
        }
        catch (DaemonNotRunningException e)
        {
            return Fail(call, e.Message, ExitCodes.DaemonNotRunning);
        }
        catch (CliArgumentException e)
        {
            return Fail(call, e.Message, ExitCodes.InvalidArgument);
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled }
                                  && call.CancellationToken.IsCancellationRequested)
        {
            return Fail(call, "cancelled", ExitCodes.Cancelled);
        }
        catch (RpcException e) when (FindSocketError(e) is { } socketError)
        {
            return socketError is SocketError.AccessDenied
                ? Fail(call, $"permission denied opening {call.Socket}", ExitCodes.PermissionDenied)
                : Fail(call, $"dvpnd is not running (nothing answers on {call.Socket}: {socketError})", ExitCodes.DaemonNotRunning);
        }
        catch (RpcException e)
        {
            return Fail(call, Describe(e), ExitCodes.For(e.StatusCode));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(call, e.Message, ExitCodes.Failed);
        }
    }

    private static int Fail(Call call, string message, int exitCode)
    {
        call.Out.Flush();
        call.Error.WriteLine($"dvpnctl: {message}");
        call.Error.Flush();
        return exitCode;
    }

    private static SocketError? FindSocketError(RpcException e)
    {
        if (e.StatusCode != Grpc.Core.StatusCode.Unavailable)
        {
            return null;
        }

        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }

    /// <summary>
    /// The daemon's message, then the google.rpc.ErrorInfo reason and metadata and any field violations from the
    /// grpc-status-details-bin trailer, then the status code: "no provider answered [NO_PROVIDER_AVAILABLE] (UNAVAILABLE)".
    /// </summary>
    internal static string Describe(RpcException e)
    {
        var text = new StringBuilder(e.Status.Detail.Length > 0 ? e.Status.Detail : "the call failed");
        Google.Rpc.Status? status = e.GetRpcStatus();
        if (status?.GetDetail<ErrorInfo>() is { } info)
        {
            text.Append(" [").Append(info.Reason);
            foreach ((string key, string value) in info.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }

            text.Append(']');
        }

        text.Append(" (").Append(Text.StatusName(e.StatusCode)).Append(')');
        if (status?.GetDetail<BadRequest>() is { } badRequest)
        {
            foreach (BadRequest.Types.FieldViolation violation in badRequest.FieldViolations)
            {
                text.AppendLine().Append("  ").Append(violation.Field).Append(": ").Append(violation.Description);
            }
        }

        return text.ToString();
    }
}
