using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// Unmanaged memory for the structs one WFP call chain reads (filters, their conditions, the values the conditions
/// point to, display names), zeroed when allocated and freed together on <see cref="Dispose"/>. The engine copies
/// what it keeps, so the memory only has to live until the last <c>FwpmFilterAdd0</c> returns.
/// </summary>
internal sealed unsafe class WfpNativeArena : IDisposable
{
    private readonly List<nint> _blocks = [];
    private bool _disposed;

    /// <summary>A zeroed block of <paramref name="bytes"/> bytes (at least 1), aligned for any struct here.</summary>
    public nint Allocate(int bytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        // NativeMemory.AllocZeroed is malloc-aligned (16 bytes on 64-bit), enough for every WFP struct.
        nint block = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(bytes, 1));
        _blocks.Add(block);
        return block;
    }

    /// <summary>A copy of <paramref name="value"/>.</summary>
    public nint Copy<T>(in T value)
        where T : unmanaged
    {
        nint block = Allocate(sizeof(T));
        *(T*)block = value;
        return block;
    }

    /// <summary>A zeroed array of <paramref name="count"/> <typeparamref name="T"/>.</summary>
    public nint AllocateArray<T>(int count)
        where T : unmanaged => Allocate(checked(sizeof(T) * count));

    /// <summary><paramref name="text"/> as NUL-terminated UTF-16.</summary>
    public nint String(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        nint block = Allocate(checked((text.Length + 1) * sizeof(char)));
        text.AsSpan().CopyTo(new Span<char>((void*)block, text.Length));
        return block;
    }

    /// <summary>Frees every block.</summary>
    public void Dispose()
    {
        foreach (nint block in _blocks)
        {
            NativeMemory.Free((void*)block);
        }

        _blocks.Clear();
        _disposed = true;
    }
}
