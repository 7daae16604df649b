using System.Buffers;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// Splits a UAPI connection into lines with one fixed pooled buffer: a line longer than the limit is refused instead
/// of buffered, so a client cannot make the server hold unbounded input. The buffer is zeroed when the reader is
/// disposed (lines carry keys in hex).
/// </summary>
internal sealed class UapiLineReader : IDisposable
{
    private readonly Socket _socket;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _lineStart;
    private int _lineLength;

    /// <summary>Reads lines of at most <paramref name="maxLineBytes"/> bytes (newline excluded) from <paramref name="socket"/>.</summary>
    public UapiLineReader(Socket socket, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _socket = socket;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(2 * (maxLineBytes + 1), 1024));
    }

    /// <summary>The last line read, without its newline; valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>Reads the next line.</summary>
    public async ValueTask<UapiLineStatus> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                if (newline > _maxLineBytes)
                {
                    return UapiLineStatus.TooLong;
                }

                _lineStart = _start;
                _lineLength = newline;
                _start += newline + 1;
                return UapiLineStatus.Line;
            }

            if (_end - _start > _maxLineBytes)
            {
                return UapiLineStatus.TooLong;
            }

            if (_end == _buffer.Length)
            {
                // Move the partial line to the front; the buffer holds two lines, so there is room after it.
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
                CryptographicOperations.ZeroMemory(_buffer.AsSpan(_end));
            }

            int received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                return UapiLineStatus.EndOfStream;
            }

            _end += received;
        }
    }

    /// <summary>Zeroes and returns the buffer.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
