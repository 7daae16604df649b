using System.Buffers;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// A growable buffer from the shared pool that zeroes every array it gives back: a <c>get</c> reply carries the
/// private and preshared keys in hex.
/// </summary>
internal sealed class UapiReplyBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    /// <summary>Rents the first array.</summary>
    public UapiReplyBuffer(int initialCapacity = 4096) => _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    /// <summary>Forgets the written bytes (and zeroes them) to reuse the array.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_array.AsSpan(0, _length));
        _length = 0;
    }

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _length);
        _length += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _array.AsMemory(_length);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <inheritdoc/>
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

    private void Grow(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_array.Length == 0, this);
        int needed = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= needed)
        {
            return;
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + needed));
        _array.AsSpan(0, _length).CopyTo(bigger);
        CryptographicOperations.ZeroMemory(_array);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
