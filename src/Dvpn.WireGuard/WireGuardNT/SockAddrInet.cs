using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using L = Dvpn.WireGuard.WireGuardNT.NativeLayout.SockAddrInet;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>Writes and reads a SOCKADDR_INET (Windows family numbers, port in network order).</summary>
internal static class SockAddrInet
{
    /// <summary>Writes <paramref name="endpoint"/> into the first 28 bytes of <paramref name="destination"/>, which the caller zeroed.</summary>
    /// <exception cref="ArgumentException">Neither IPv4 nor IPv6.</exception>
    public static void Write(IPEndPoint endpoint, Span<byte> destination)
    {
        destination = destination[..L.Size];
        switch (endpoint.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                BinaryPrimitives.WriteUInt16LittleEndian(destination[L.Family..], NativeLayout.AddressFamilyInet);
                BinaryPrimitives.WriteUInt16BigEndian(destination[L.Port..], (ushort)endpoint.Port);
                WriteAddress(endpoint.Address, destination.Slice(L.V4Address, NativeLayout.InAddrLength));
                break;
            case AddressFamily.InterNetworkV6:
                BinaryPrimitives.WriteUInt16LittleEndian(destination[L.Family..], NativeLayout.AddressFamilyInet6);
                BinaryPrimitives.WriteUInt16BigEndian(destination[L.Port..], (ushort)endpoint.Port);
                WriteAddress(endpoint.Address, destination.Slice(L.V6Address, NativeLayout.In6AddrLength));
                // sin6_scope_id is a ULONG; IPAddress keeps it in a long but only ever holds 32 bits.
                BinaryPrimitives.WriteUInt32LittleEndian(destination[L.V6ScopeId..], unchecked((uint)endpoint.Address.ScopeId));
                break;
            default:
                throw new ArgumentException($"WireGuardNT endpoints are IPv4 or IPv6, not {endpoint.AddressFamily}", nameof(endpoint));
        }
    }

    /// <summary>
    /// Reads an endpoint. Family 0 means none (<paramref name="endpoint"/> null, true); any family other than 0, 2 or
    /// 23 is an error.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        source = source[..L.Size];
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(source[L.Family..]);
        int port = BinaryPrimitives.ReadUInt16BigEndian(source[L.Port..]);
        switch (family)
        {
            case 0:
                endpoint = null;
                error = null;
                return true;
            case NativeLayout.AddressFamilyInet:
                endpoint = new IPEndPoint(new IPAddress(source.Slice(L.V4Address, NativeLayout.InAddrLength)), port);
                error = null;
                return true;
            case NativeLayout.AddressFamilyInet6:
                uint scope = BinaryPrimitives.ReadUInt32LittleEndian(source[L.V6ScopeId..]);
                endpoint = new IPEndPoint(new IPAddress(source.Slice(L.V6Address, NativeLayout.In6AddrLength), scope), port);
                error = null;
                return true;
            default:
                endpoint = null;
                error = UnknownFamily(family);
                return false;
        }
    }

    /// <summary>Writes the address bytes (4 or 16, network order) of <paramref name="address"/>.</summary>
    public static void WriteAddress(IPAddress address, Span<byte> destination)
    {
        if (!address.TryWriteBytes(destination, out int written) || written != destination.Length)
        {
            throw new ArgumentException($"address {address} does not fit {destination.Length} bytes", nameof(address));
        }
    }

    /// <summary>The error text for a family WireGuardNT does not use, naming Linux's AF_INET6 when it is that.</summary>
    public static string UnknownFamily(ushort family) => family == 10
        ? "address family 10 (Linux's AF_INET6; Windows' AF_INET6 is 23)"
        : $"unknown address family {family} (expected 2 for AF_INET or 23 for AF_INET6)";
}
