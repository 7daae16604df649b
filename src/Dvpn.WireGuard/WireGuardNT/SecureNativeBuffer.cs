using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// An 8-byte-aligned block of native memory (the alignment the <c>ALIGNED(8)</c> structures expect) that the GC
/// never moves or copies, zeroed when allocated and again before it is freed, because configurations carry keys.
/// </summary>
internal sealed unsafe class SecureNativeBuffer : SafeHandle
{
    /// <summary>The alignment of WIREGUARD_INTERFACE, WIREGUARD_PEER and WIREGUARD_ALLOWED_IP.</summary>
    public const int Alignment = 8;

    private readonly int _length;

    private SecureNativeBuffer(int length)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        _length = length;
        void* memory = NativeMemory.AlignedAlloc((nuint)length, Alignment);
        NativeMemory.Clear(memory, (nuint)length);
        SetHandle((nint)memory);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>The size in bytes.</summary>
    public int Length => _length;

    /// <summary>The memory; valid until this buffer is disposed.</summary>
    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return new Span<byte>((void*)handle, _length);
        }
    }

    /// <summary>Allocates <paramref name="length"/> zeroed bytes.</summary>
    public static SecureNativeBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return new SecureNativeBuffer(length);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, _length));
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
