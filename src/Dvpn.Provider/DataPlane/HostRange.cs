using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// The session addresses of one pool, as offsets from the network address: fresh ones from a cursor, released ones
/// from a FIFO queue. Only the addresses in use and the released ones are stored, never the whole range. Not
/// thread-safe: <see cref="AddressPool"/> holds the lock.
/// </summary>
internal sealed class HostRange
{
    private readonly UInt128 _base;
    private readonly UInt128 _last;
    private readonly int _width;
    private readonly HashSet<UInt128> _inUse = [];
    private readonly Queue<UInt128> _released = new();
    private UInt128 _next;
    private bool _exhausted;

    /// <param name="network">The pool.</param>
    /// <param name="firstSession">Offset of the first session address (the gateway is offset 1).</param>
    /// <param name="lastSession">Offset of the last session address (inclusive).</param>
    public HostRange(IPNetwork network, UInt128 firstSession, UInt128 lastSession)
    {
        Network = network;
        _width = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
        _base = ToNumber(network.BaseAddress);
        _next = firstSession;
        _last = lastSession;
        _exhausted = firstSession > lastSession;
        Gateway = AddressAt(1);
    }

    public IPNetwork Network { get; }

    public IPAddress Gateway { get; }

    /// <summary>Session addresses that can still be taken.</summary>
    public UInt128 Free => (_exhausted ? UInt128.Zero : _last - _next + 1) + (uint)_released.Count;

    /// <summary>Takes a fresh address while there are any, then the one released longest ago.</summary>
    public bool TryTake(out UInt128 offset)
    {
        if (_exhausted)
        {
            if (!_released.TryDequeue(out offset))
            {
                return false;
            }

            _inUse.Add(offset);
            return true;
        }

        offset = _next;
        if (_next == _last)
        {
            _exhausted = true; // _next stays: _last may be UInt128.MaxValue (an IPv6 /0)
        }
        else
        {
            _next++;
        }

        _inUse.Add(offset);
        return true;
    }

    public void Return(UInt128 offset)
    {
        if (_inUse.Remove(offset))
        {
            _released.Enqueue(offset);
        }
    }

    /// <summary>The offset of an address currently in use.</summary>
    /// <exception cref="ArgumentException">It is outside the pool or not in use.</exception>
    public UInt128 OffsetOf(IPAddress address, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(address, parameterName);
        if (!Network.Contains(address))
        {
            throw new ArgumentException($"{address} is not in the pool {Network}", parameterName);
        }

        UInt128 offset = ToNumber(address) - _base;
        return _inUse.Contains(offset)
            ? offset
            : throw new ArgumentException($"{address} is not allocated from the pool {Network} (released twice?)", parameterName);
    }

    public IPAddress AddressAt(UInt128 offset)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, _base + offset);
        return new IPAddress(bytes[(16 - _width)..]);
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        int width = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
        address.TryWriteBytes(bytes[(16 - width)..], out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
