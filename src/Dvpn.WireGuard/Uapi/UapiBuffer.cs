using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// A growable byte buffer from the shared pool that wipes every array it gives back: requests carry private and
/// preshared keys in hex, and <c>get</c> replies carry the private key. Used by the UAPI client here and by the
/// userspace engine's UAPI server (as an <see cref="IBufferWriter{T}"/>).
/// </summary>
internal sealed class UapiBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public UapiBuffer(int initialCapacity = 4096) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>Space after the written bytes, at least <paramref name="sizeHint"/> long (and never empty).</summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(Math.Max(sizeHint, 1));
        return _array.AsMemory(_length);
    }

    /// <inheritdoc cref="GetMemory"/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(Math.Max(sizeHint, 1));
        return _array.AsSpan(_length);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    /// <summary>Forgets the written bytes (zeroing them) to reuse the array.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_array.AsSpan(0, _length));
        _length = 0;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Grow(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Appends ASCII text (attribute values that are not secret: numbers, endpoints, networks).</summary>
    public void AppendAscii(string text)
    {
        int count = Encoding.ASCII.GetByteCount(text);
        Grow(count);
        _length += Encoding.ASCII.GetBytes(text, _array.AsSpan(_length));
    }

    /// <summary>Appends <paramref name="bytes"/> as lower-case hex.</summary>
    public void AppendHex(ReadOnlySpan<byte> bytes)
    {
        Grow(2 * bytes.Length);
        AsciiHex.Encode(bytes, _array.AsSpan(_length));
        _length += 2 * bytes.Length;
    }

    public void Dispose()
    {
        byte[] array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            CryptographicOperations.ZeroMemory(array);
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Grow(int count)
    {
        ObjectDisposedException.ThrowIf(_array.Length == 0, this);
        if (_array.Length - _length >= count)
        {
            return;
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + count));
        _array.AsSpan(0, _length).CopyTo(bigger);
        CryptographicOperations.ZeroMemory(_array);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
