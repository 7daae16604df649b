using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Dvpn.WireGuard.Devices;
using I = Dvpn.WireGuard.WireGuardNT.NativeLayout.Interface;
using P = Dvpn.WireGuard.WireGuardNT.NativeLayout.Peer;
using A = Dvpn.WireGuard.WireGuardNT.NativeLayout.AllowedIP;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// Parses the buffer <c>WireGuardGetConfiguration</c> fills into a <see cref="DeviceState"/>. Every count is checked
/// against the bytes that remain before it is used, so a bad buffer is an error, never an out-of-bounds read. The
/// buffer contains the private key; this parser never copies it and the caller zeroes the buffer.
/// </summary>
internal static class WireGuardNTConfigReader
{
    /// <summary>The largest FILETIME a <see cref="DateTime"/> can hold (end of year 9999).</summary>
    private static readonly ulong MaxFileTime = (ulong)DateTime.MaxValue.ToFileTimeUtc();

    /// <summary>Parses <paramref name="buffer"/>, which must be exactly the configuration (no trailing bytes).</summary>
    /// <exception cref="InvalidDataException">The buffer is malformed; the message says how.</exception>
    public static DeviceState Read(ReadOnlySpan<byte> buffer) =>
        TryRead(buffer, out DeviceState? state, out string? error)
            ? state
            : throw new InvalidDataException($"malformed WireGuardNT configuration: {error}");

    /// <summary>Parses <paramref name="buffer"/>; false with a reason, never an exception, when it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> buffer, [NotNullWhen(true)] out DeviceState? state, [NotNullWhen(false)] out string? error)
    {
        state = null;
        if (buffer.Length < I.Size)
        {
            error = $"truncated: {buffer.Length} bytes, a WIREGUARD_INTERFACE alone is {I.Size}";
            return false;
        }

        var interfaceFlags = (InterfaceFlags)BinaryPrimitives.ReadUInt32LittleEndian(buffer[I.Flags..]);
        uint peersCount = BinaryPrimitives.ReadUInt32LittleEndian(buffer[I.PeersCount..]);
        int offset = I.Size;

        // Each peer takes at least P.Size bytes: checking this first bounds the list before anything is allocated.
        if (peersCount > (uint)((buffer.Length - offset) / P.Size))
        {
            error = $"peer count {peersCount} overruns the buffer ({buffer.Length - offset} bytes after the interface)";
            return false;
        }

        var peers = new PeerState[peersCount];
        for (int i = 0; i < peers.Length; i++)
        {
            if (!TryReadPeer(buffer, ref offset, out PeerState? peer, out string? peerError))
            {
                error = $"peer {i}: {peerError}";
                return false;
            }

            peers[i] = peer;
        }

        if (offset != buffer.Length)
        {
            error = $"{buffer.Length - offset} trailing bytes after the last peer";
            return false;
        }

        PublicKey? publicKey = (interfaceFlags & InterfaceFlags.HasPublicKey) != 0
            ? new PublicKey(buffer.Slice(I.PublicKey, NativeLayout.KeyLength))
            : null;
        ushort listenPort = (interfaceFlags & InterfaceFlags.HasListenPort) != 0
            ? BinaryPrimitives.ReadUInt16LittleEndian(buffer[I.ListenPort..])
            : (ushort)0;

        // WireGuardNT has no fwmark.
        state = new DeviceState(publicKey, listenPort, FirewallMark: 0, peers);
        error = null;
        return true;
    }

    private static bool TryReadPeer(ReadOnlySpan<byte> buffer, ref int offset, [NotNullWhen(true)] out PeerState? peer, [NotNullWhen(false)] out string? error)
    {
        peer = null;
        if (buffer.Length - offset < P.Size)
        {
            error = $"truncated: {buffer.Length - offset} bytes left, a WIREGUARD_PEER is {P.Size}";
            return false;
        }

        ReadOnlySpan<byte> p = buffer.Slice(offset, P.Size);
        offset += P.Size;

        var flags = (PeerFlags)BinaryPrimitives.ReadUInt32LittleEndian(p[P.Flags..]);
        uint allowedIPsCount = BinaryPrimitives.ReadUInt32LittleEndian(p[P.AllowedIPsCount..]);
        if (allowedIPsCount > (uint)((buffer.Length - offset) / A.Size))
        {
            error = $"allowed-IP count {allowedIPsCount} overruns the buffer ({buffer.Length - offset} bytes left)";
            return false;
        }

        IPEndPoint? endpoint = null;
        if ((flags & PeerFlags.HasEndpoint) != 0
            && !SockAddrInet.TryRead(p.Slice(P.Endpoint, NativeLayout.SockAddrInet.Size), out endpoint, out string? endpointError))
        {
            error = $"endpoint: {endpointError}";
            return false;
        }

        ulong lastHandshakeTime = BinaryPrimitives.ReadUInt64LittleEndian(p[P.LastHandshake..]);
        if (lastHandshakeTime > MaxFileTime)
        {
            error = $"last handshake time {lastHandshakeTime} is past the year 9999";
            return false;
        }

        var allowedIPs = new IPNetwork[allowedIPsCount];
        for (int i = 0; i < allowedIPs.Length; i++)
        {
            if (!TryReadAllowedIP(buffer.Slice(offset, A.Size), out allowedIPs[i], out string? allowedIPError))
            {
                error = $"allowed IP {i}: {allowedIPError}";
                return false;
            }

            offset += A.Size;
        }

        // The public key is the peer's identity and always filled in on get, so it is read whatever the flag says.
        peer = new PeerState(
            new PublicKey(p.Slice(P.PublicKey, NativeLayout.KeyLength)),
            HasPresharedKey: (flags & PeerFlags.HasPresharedKey) != 0,
            endpoint,
            allowedIPs,
            PersistentKeepalive: (flags & PeerFlags.HasPersistentKeepalive) != 0 ? BinaryPrimitives.ReadUInt16LittleEndian(p[P.PersistentKeepalive..]) : (ushort)0,
            LastHandshake: lastHandshakeTime == 0 ? null : new DateTimeOffset(DateTime.FromFileTimeUtc((long)lastHandshakeTime)),
            ReceivedBytes: BinaryPrimitives.ReadUInt64LittleEndian(p[P.RxBytes..]),
            TransmittedBytes: BinaryPrimitives.ReadUInt64LittleEndian(p[P.TxBytes..]));
        error = null;
        return true;
    }

    private static bool TryReadAllowedIP(ReadOnlySpan<byte> a, out IPNetwork network, [NotNullWhen(false)] out string? error)
    {
        network = default;
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(a[A.AddressFamily..]);
        int addressLength = family switch
        {
            NativeLayout.AddressFamilyInet => NativeLayout.InAddrLength,
            NativeLayout.AddressFamilyInet6 => NativeLayout.In6AddrLength,
            _ => 0,
        };
        if (addressLength == 0)
        {
            error = SockAddrInet.UnknownFamily(family);
            return false;
        }

        int cidr = a[A.Cidr];
        if (cidr > addressLength * 8)
        {
            error = $"CIDR /{cidr} is longer than the {addressLength * 8} bits of the address";
            return false;
        }

        // IPNetwork refuses host bits beyond the prefix; the driver should never report any, but clear them rather
        // than fail a whole status read over it.
        Span<byte> address = stackalloc byte[NativeLayout.In6AddrLength];
        address = address[..addressLength];
        a.Slice(A.Address, addressLength).CopyTo(address);
        ClearHostBits(address, cidr);
        network = new IPNetwork(new IPAddress(address), cidr);
        error = null;
        return true;
    }

    private static void ClearHostBits(Span<byte> address, int prefixLength)
    {
        for (int i = 0; i < address.Length; i++)
        {
            int bitsKept = Math.Clamp(prefixLength - (i * 8), 0, 8);
            address[i] &= (byte)(0xFF00 >> bitsKept);
        }
    }
}
