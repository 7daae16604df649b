using System.Net.Sockets;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Receives one UAPI reply: up to and including the blank line that ends it, never more than
/// <see cref="UapiReply.MaxReplyBytes"/> and never a line longer than <see cref="UapiReply.MaxLineBytes"/>, so a
/// misbehaving peer cannot make us buffer without bound.
/// </summary>
internal static class UapiReplyReader
{
    private const int ReceiveChunk = 4096;

    public static async ValueTask ReadAsync(Socket socket, UapiBuffer reply, CancellationToken cancellationToken)
    {
        int lineStart = 0;
        while (true)
        {
            int searchFrom = reply.Length;
            int received = await socket.ReceiveAsync(reply.GetMemory(ReceiveChunk), SocketFlags.None, cancellationToken)
                .ConfigureAwait(false);
            if (received == 0)
            {
                // Cancelling a pending receive can surface as end of stream instead of an exception: that is the
                // deadline (or the caller) speaking, not the peer.
                cancellationToken.ThrowIfCancellationRequested();
                throw new UapiProtocolException(reply.Length == 0
                    ? "UAPI reply truncated: the peer closed the connection without a reply"
                    : $"UAPI reply truncated: the connection closed after {reply.Length} bytes, before the blank line that ends a reply");
            }

            reply.Advance(received);
            ReadOnlySpan<byte> data = reply.WrittenSpan;
            int end = UapiReply.FindEnd(data, searchFrom);
            if (end > 0)
            {
                if (end != data.Length)
                {
                    throw new UapiProtocolException("UAPI peer sent data after the blank line that ends a reply");
                }

                return;
            }

            int lastNewline = data[searchFrom..].LastIndexOf((byte)'\n');
            if (lastNewline >= 0)
            {
                lineStart = searchFrom + lastNewline + 1;
            }

            if (data.Length - lineStart > UapiReply.MaxLineBytes)
            {
                throw new UapiProtocolException($"UAPI reply has a line longer than {UapiReply.MaxLineBytes} bytes");
            }

            if (data.Length > UapiReply.MaxReplyBytes)
            {
                throw new UapiProtocolException($"UAPI reply longer than {UapiReply.MaxReplyBytes} bytes");
            }
        }
    }
}
