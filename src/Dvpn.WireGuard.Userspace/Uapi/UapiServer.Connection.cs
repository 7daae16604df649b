using Dvpn.WireGuard.Uapi;
using System.Buffers;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>One connection: requests in sequence, each answered before the next is read.</summary>
internal sealed partial class UapiServer
{
    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        string ended = "closed by the client";
        try
        {
            using UapiLineReader reader = new(connection, UapiSetParser.MaxLineBytes);
            using UapiBuffer reply = new();
            while (true)
            {
                UapiLineStatus status = await reader.ReadLineAsync(cancellationToken);
                if (status == UapiLineStatus.EndOfStream)
                {
                    return;
                }

                UapiError? refused;
                if (status == UapiLineStatus.TooLong)
                {
                    refused = UapiError.Invalid($"operation line longer than {UapiSetParser.MaxLineBytes} bytes");
                }
                else if (reader.Line.SequenceEqual("get=1"u8))
                {
                    status = await reader.ReadLineAsync(cancellationToken);
                    if (status == UapiLineStatus.EndOfStream)
                    {
                        return;
                    }

                    refused = status == UapiLineStatus.Line && reader.Line.IsEmpty
                        ? Get(reply)
                        : UapiError.Invalid("get=1 is not followed by an empty line");
                }
                else if (reader.Line.SequenceEqual("set=1"u8))
                {
                    UapiSetParser parser = new(_options.MaxPeersPerRequest, _options.MaxAllowedIpsPerRequest);
                    refused = await ReadSetAsync(reader, parser, cancellationToken);
                    if (refused is null && !parser.IsComplete)
                    {
                        return; // the client left in the middle of its request
                    }

                    refused ??= await ApplyAsync(parser.Request, cancellationToken);
                    if (refused is null)
                    {
                        reply.Write("errno=0\n\n"u8);
                    }
                }
                else
                {
                    refused = UapiError.Invalid($"unknown operation ({reader.Line.Length} bytes)"); // not echoed: it may hold a key
                }

                if (refused is { } error)
                {
                    // The stream cannot be trusted to be at a request boundary any more: answer, then close.
                    UapiServerLog.RequestRefused(_logger, Name, error.Errno, error.Message);
                    await SendAsync(connection, Encoding.ASCII.GetBytes(
                        "errno=" + (-error.Errno).ToString(CultureInfo.InvariantCulture) + "\n\n"), cancellationToken);
                    ended = "request refused";
                    return;
                }

                await SendAsync(connection, reply.WrittenMemory, cancellationToken);
                reply.Clear();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            ended = cancellationToken.IsCancellationRequested ? "server stopping" : e.GetType().Name;
        }
        finally
        {
            connection.Dispose();
            _connections.TryRemove(connection, out _);
            UapiServerLog.ConnectionEnded(_logger, Name, ended);
        }
    }

    /// <summary>Reads the body of a <c>set=1</c>; null when it is whole or the client left, the error otherwise.</summary>
    private static async ValueTask<UapiError?> ReadSetAsync(UapiLineReader reader, UapiSetParser parser, CancellationToken cancellationToken)
    {
        while (!parser.IsComplete)
        {
            UapiLineStatus status = await reader.ReadLineAsync(cancellationToken);
            if (status == UapiLineStatus.EndOfStream)
            {
                UapiSetParser.ClearKeys(parser.Request);
                return null;
            }

            if (status == UapiLineStatus.TooLong)
            {
                UapiSetParser.ClearKeys(parser.Request);
                return UapiError.Invalid($"set line longer than {UapiSetParser.MaxLineBytes} bytes");
            }

            if (!parser.TryReadLine(reader.Line, out UapiError error))
            {
                UapiSetParser.ClearKeys(parser.Request);
                return error;
            }
        }

        return null;
    }

    /// <summary>Writes the <c>get</c> reply into <paramref name="reply"/>, or returns why it could not.</summary>
    private UapiError? Get(UapiBuffer reply)
    {
        try
        {
            UapiGetWriter.Write(_device.GetSnapshot(), reply);
            UapiServerLog.RequestDone(_logger, "get", Name);
            return null;
        }
#pragma warning disable CA1031 // A failing device must not take the server down; the client gets EIO.
        catch (Exception e)
#pragma warning restore CA1031
        {
            reply.Clear();
            UapiServerLog.DeviceFailed(_logger, "get", Name, e);
            return new UapiError(UapiError.IoError, "the device failed to report its state");
        }
    }

    /// <summary>Applies a whole request (one at a time), then wipes its keys: the device copies what it keeps.</summary>
    private async ValueTask<UapiError?> ApplyAsync(UapiSetRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _applyLock.WaitAsync(cancellationToken);
            try
            {
                _device.Apply(request);
            }
            finally
            {
                _applyLock.Release();
            }

            UapiServerLog.RequestDone(_logger, "set", Name);
            return null;
        }
        catch (UapiSetException e)
        {
            return new UapiError(e.Errno > 0 ? e.Errno : UapiError.InvalidArgument, e.Message);
        }
#pragma warning disable CA1031 // A failing device must not take the server down; the client gets EIO.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            UapiServerLog.DeviceFailed(_logger, "set", Name, e);
            return new UapiError(UapiError.IoError, "the device failed to apply the request");
        }
        finally
        {
            UapiSetParser.ClearKeys(request);
        }
    }

    private static async ValueTask SendAsync(Socket connection, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await connection.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
