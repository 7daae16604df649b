using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>
/// Preallocated room for many datagrams and their addresses, laid out for recvmmsg(2)/sendmmsg(2) so that one system
/// call moves a whole batch (see <c>UdpTransport.ReceiveBatch</c>/<c>SendBatch</c>). Everything lives in arrays on
/// the pinned object heap: the kernel gets stable pointers, nothing is allocated per call and nothing needs freeing.
/// Not thread-safe: one batch per thread.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class DatagramBatch
{
    /// <summary>Room per address: a sockaddr_in6 (an IPv4 sockaddr_in is shorter).</summary>
    public const int AddressSize = 28;

    private readonly Interop.MultiMessageHeader[] _headers;
    private readonly Interop.IoVector[] _vectors;
    private readonly byte[] _addresses;
    private readonly int[] _addressLengths;
    private readonly int[] _lengths;
    private readonly byte[] _data;

    /// <summary>Creates room for <paramref name="capacity"/> datagrams of up to <paramref name="bufferSize"/> bytes.</summary>
    public DatagramBatch(int capacity, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        Capacity = capacity;
        BufferSize = bufferSize;
        _headers = GC.AllocateArray<Interop.MultiMessageHeader>(capacity, pinned: true);
        _vectors = GC.AllocateArray<Interop.IoVector>(capacity, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * AddressSize, pinned: true);
        _data = GC.AllocateUninitializedArray<byte>(checked(capacity * bufferSize), pinned: true);
        _addressLengths = new int[capacity];
        _lengths = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i].Base = Pin(_data, i * bufferSize);
            _headers[i].Header.Vectors = (Interop.IoVector*)Unsafe.AsPointer(ref _vectors[i]);
            _headers[i].Header.VectorCount = 1;
            _headers[i].Header.Name = Pin(_addresses, i * AddressSize);
        }
    }

    /// <summary>How many datagrams fit.</summary>
    public int Capacity { get; }

    /// <summary>The largest datagram each slot holds (longer received ones are truncated).</summary>
    public int BufferSize { get; }

    /// <summary>The whole buffer of slot <paramref name="index"/>: fill it before <see cref="SetLength"/> to send.</summary>
    public Span<byte> GetBuffer(int index) => _data.AsSpan(Slot(index) * BufferSize, BufferSize);

    /// <summary>The datagram in slot <paramref name="index"/> (received, or set for sending).</summary>
    public ReadOnlySpan<byte> GetDatagram(int index) => _data.AsSpan(Slot(index) * BufferSize, _lengths[index]);

    /// <summary>The length of the datagram in slot <paramref name="index"/>.</summary>
    public int GetLength(int index) => _lengths[Slot(index)];

    /// <summary>Sets the length of the datagram to send from slot <paramref name="index"/>.</summary>
    public void SetLength(int index, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, BufferSize);
        _lengths[Slot(index)] = length;
    }

    /// <summary>Copies the source of the datagram received in slot <paramref name="index"/> into <paramref name="address"/>.</summary>
    public void GetAddress(int index, SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        int length = _addressLengths[Slot(index)];
        _addresses.AsSpan(index * AddressSize, length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    /// <summary>Sets where the datagram in slot <paramref name="index"/> goes (an address from <c>ToSocketAddress</c>).</summary>
    public void SetAddress(int index, SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address.Size, AddressSize);
        address.Buffer.Span[..address.Size].CopyTo(_addresses.AsSpan(Slot(index) * AddressSize, AddressSize));
        _addressLengths[index] = address.Size;
    }

    /// <summary>The message array handed to the kernel.</summary>
    internal Interop.MultiMessageHeader* Headers => (Interop.MultiMessageHeader*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_headers));

    /// <summary>Resets every slot to receive a full buffer and a full-size address (the kernel shrinks both).</summary>
    internal void PrepareReceive()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _vectors[i].Length = (nuint)BufferSize;
            _headers[i].Header.NameLength = AddressSize;
            _headers[i].Header.Flags = 0;
        }
    }

    /// <summary>Records what the kernel filled in for the first <paramref name="count"/> slots.</summary>
    internal void CompleteReceive(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _lengths[i] = (int)Math.Min(_headers[i].Length, (uint)BufferSize);
            _addressLengths[i] = (int)_headers[i].Header.NameLength;
        }
    }

    /// <summary>Points the first <paramref name="count"/> slots at their lengths and addresses for sending.</summary>
    internal void PrepareSend(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _vectors[i].Length = (nuint)_lengths[i];
            _headers[i].Header.NameLength = (uint)_addressLengths[i];
            _headers[i].Header.Flags = 0;
        }
    }

    private static byte* Pin(byte[] pinned, int offset) => (byte*)Unsafe.AsPointer(ref pinned[offset]);

    private int Slot(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capacity);
        return index;
    }
}
