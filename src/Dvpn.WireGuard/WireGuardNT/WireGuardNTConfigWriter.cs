using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Dvpn.WireGuard.Configuration;
using I = Dvpn.WireGuard.WireGuardNT.NativeLayout.Interface;
using P = Dvpn.WireGuard.WireGuardNT.NativeLayout.Peer;
using A = Dvpn.WireGuard.WireGuardNT.NativeLayout.AllowedIP;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// Serializes an <see cref="InterfaceConfig"/> into the buffer <c>WireGuardSetConfiguration</c> takes: one
/// WIREGUARD_INTERFACE, then each WIREGUARD_PEER followed by its WIREGUARD_ALLOWED_IPs. Null fields are left out by
/// not setting their HAS_ flag. The buffer holds the private and preshared keys: the caller zeroes it after use.
/// </summary>
internal static class WireGuardNTConfigWriter
{
    /// <summary>The number of bytes <see cref="Write"/> writes for <paramref name="configuration"/>.</summary>
    /// <exception cref="ArgumentException">The configuration does not fit the DWORD size the API takes.</exception>
    public static int GetSize(InterfaceConfig configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            long size = I.Size;
            foreach (PeerConfig peer in configuration.Peers)
            {
                ArgumentNullException.ThrowIfNull(peer, nameof(configuration));
                size = checked(size + P.Size + ((long)AllowedIPsWritten(peer).Count * A.Size));
            }

            return checked((int)size);
        }
        catch (OverflowException e)
        {
            throw new ArgumentException("the configuration is too large for one WireGuardSetConfiguration call", nameof(configuration), e);
        }
    }

    /// <summary>
    /// Writes <paramref name="configuration"/> to the start of <paramref name="destination"/> and returns the number of
    /// bytes written (<see cref="GetSize"/>). Reserved fields and padding are zero.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or an endpoint is neither IPv4 nor IPv6.</exception>
    /// <exception cref="NotSupportedException">A non-zero firewall mark: WireGuardNT has none.</exception>
    public static int Write(InterfaceConfig configuration, Span<byte> destination)
    {
        int size = GetSize(configuration);
        if (destination.Length < size)
        {
            throw new ArgumentException($"the configuration needs {size} bytes, the buffer has {destination.Length}", nameof(destination));
        }

        if (configuration.FirewallMark is { } mark && mark != 0)
        {
            throw new NotSupportedException("WireGuardNT has no firewall mark (fwmark); leave FirewallMark null or 0");
        }

        destination = destination[..size];
        destination.Clear();
        WriteInterface(configuration, destination[..I.Size]);

        int offset = I.Size;
        foreach (PeerConfig peer in configuration.Peers)
        {
            IReadOnlyList<IPNetwork> allowedIPs = AllowedIPsWritten(peer);
            WritePeer(peer, allowedIPs.Count, destination.Slice(offset, P.Size));
            offset += P.Size;
            foreach (IPNetwork network in allowedIPs)
            {
                WriteAllowedIP(network, destination.Slice(offset, A.Size));
                offset += A.Size;
            }
        }

        return offset;
    }

    private static void WriteInterface(InterfaceConfig configuration, Span<byte> destination)
    {
        InterfaceFlags flags = InterfaceFlags.None;
        if (configuration.PrivateKey is { } privateKey)
        {
            // The public key is derived by the driver ("unused on set"), so only the private key goes in.
            flags |= InterfaceFlags.HasPrivateKey;
            privateKey.Bytes.CopyTo(destination.Slice(I.PrivateKey, NativeLayout.KeyLength));
        }

        if (configuration.ListenPort is { } port)
        {
            flags |= InterfaceFlags.HasListenPort;
            BinaryPrimitives.WriteUInt16LittleEndian(destination[I.ListenPort..], port);
        }

        if (configuration.ReplacePeers)
        {
            flags |= InterfaceFlags.ReplacePeers;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination[I.Flags..], (uint)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[I.PeersCount..], (uint)configuration.Peers.Count);
    }

    private static void WritePeer(PeerConfig peer, int allowedIPsCount, Span<byte> destination)
    {
        PeerFlags flags = PeerFlags.HasPublicKey;
        peer.PublicKey.WriteTo(destination.Slice(P.PublicKey, NativeLayout.KeyLength));

        if (peer.Remove)
        {
            // A removal names the peer and nothing else; the driver ignores the other fields anyway.
            flags |= PeerFlags.Remove;
        }
        else
        {
            if (peer.PresharedKey is { } presharedKey)
            {
                flags |= PeerFlags.HasPresharedKey;
                presharedKey.Bytes.CopyTo(destination.Slice(P.PresharedKey, NativeLayout.KeyLength));
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                flags |= PeerFlags.HasPersistentKeepalive;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[P.PersistentKeepalive..], keepalive);
            }

            if (peer.Endpoint is { } endpoint)
            {
                flags |= PeerFlags.HasEndpoint;
                SockAddrInet.Write(endpoint, destination.Slice(P.Endpoint, NativeLayout.SockAddrInet.Size));
            }

            if (peer.ReplaceAllowedIPs)
            {
                flags |= PeerFlags.ReplaceAllowedIPs;
            }

            if (peer.UpdateOnly)
            {
                flags |= PeerFlags.UpdateOnly;
            }
        }

        // Reserved, TxBytes, RxBytes and LastHandshake stay zero: the first must be, the others are unused on set.
        BinaryPrimitives.WriteUInt32LittleEndian(destination[P.Flags..], (uint)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[P.AllowedIPsCount..], (uint)allowedIPsCount);
    }

    private static void WriteAllowedIP(IPNetwork network, Span<byte> destination)
    {
        IPAddress address = network.BaseAddress;
        bool v4 = address.AddressFamily == AddressFamily.InterNetwork;
        SockAddrInet.WriteAddress(address, destination.Slice(A.Address, v4 ? NativeLayout.InAddrLength : NativeLayout.In6AddrLength));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[A.AddressFamily..], v4 ? NativeLayout.AddressFamilyInet : NativeLayout.AddressFamilyInet6);
        destination[A.Cidr] = (byte)network.PrefixLength;
        // Flags (at 20, not 18) stays zero: our model only adds allowed IPs; ReplaceAllowedIPs clears the old ones.
        BinaryPrimitives.WriteUInt32LittleEndian(destination[A.Flags..], (uint)AllowedIPFlags.None);
    }

    private static IReadOnlyList<IPNetwork> AllowedIPsWritten(PeerConfig peer) => peer.Remove ? [] : peer.AllowedIPs;
}
