using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Encodes an <see cref="InterfaceConfig"/> as WG_CMD_SET_DEVICE messages of at most a given size. A configuration
/// that does not fit is split between peers and, when one peer's allowed IPs do not fit, inside its list. The device
/// attributes and WGDEVICE_F_REPLACE_PEERS go only into the first message (repeating REPLACE_PEERS would drop the
/// peers sent before); a peer continued in a later message carries only its key, UPDATE_ONLY if set, and the rest of
/// its allowed IPs, never REPLACE_ALLOWEDIPS again (that would drop the part already sent).
/// </summary>
internal static class WireGuardSetDeviceEncoder
{
    /// <summary>The default message limit: one page, as wg(8) uses, far under the socket's send buffer.</summary>
    public const int DefaultMaxMessageSize = 4096;

    private enum PeerResult
    {
        Complete,
        Partial,
        NoRoom,
    }

    /// <summary>
    /// The messages (complete netlink messages, sequence 0) in order. They may hold the private and preshared keys:
    /// the caller zeroes them after sending.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="maxMessageSize"/> cannot hold even one peer.</exception>
    public static List<byte[]> Encode(ushort familyId, string interfaceName, InterfaceConfig configuration, int maxMessageSize = DefaultMaxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var messages = new List<byte[]>();
        byte[] buffer = new byte[maxMessageSize];
        try
        {
            IReadOnlyList<PeerConfig> peers = configuration.Peers;
            int peerIndex = 0, allowedIPIndex = 0;
            do
            {
                bool first = messages.Count == 0;
                var writer = new NetlinkWriter(buffer, familyId, NetlinkMessageHeader.NLM_F_REQUEST | NetlinkMessageHeader.NLM_F_ACK);
                GenericNetlink.WriteHeader(ref writer, WireGuardNetlink.WG_CMD_SET_DEVICE, WireGuardNetlink.FamilyVersion);
                writer.PutString(WireGuardNetlink.WGDEVICE_A_IFNAME, interfaceName);
                if (first)
                {
                    WriteDeviceAttributes(ref writer, configuration);
                }

                int peersStart = writer.Position;
                bool wrotePeer = false;
                if (peerIndex < peers.Count && writer.TryBeginNested(WireGuardNetlink.WGDEVICE_A_PEERS, out int peersNest))
                {
                    while (peerIndex < peers.Count)
                    {
                        PeerResult result = TryWritePeer(ref writer, peers[peerIndex], ref allowedIPIndex);
                        if (result == PeerResult.NoRoom)
                        {
                            break;
                        }

                        wrotePeer = true;
                        if (result == PeerResult.Partial)
                        {
                            break;
                        }

                        peerIndex++;
                        allowedIPIndex = 0;
                    }

                    if (wrotePeer)
                    {
                        writer.EndNested(peersNest);
                    }
                    else
                    {
                        writer.Position = peersStart; // no empty WGDEVICE_A_PEERS
                    }
                }

                if (!first && !wrotePeer)
                {
                    throw new ArgumentException($"a {maxMessageSize}-byte message cannot hold a single peer", nameof(maxMessageSize));
                }

                messages.Add(writer.Finish().ToArray());
            }
            while (peerIndex < peers.Count);
            return messages;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static void WriteDeviceAttributes(ref NetlinkWriter writer, InterfaceConfig configuration)
    {
        if (configuration.PrivateKey is { } privateKey)
        {
            writer.Put(WireGuardNetlink.WGDEVICE_A_PRIVATE_KEY, privateKey.Bytes);
        }

        if (configuration.ListenPort is ushort port)
        {
            writer.PutU16(WireGuardNetlink.WGDEVICE_A_LISTEN_PORT, port);
        }

        if (configuration.FirewallMark is uint mark)
        {
            writer.PutU32(WireGuardNetlink.WGDEVICE_A_FWMARK, mark);
        }

        if (configuration.ReplacePeers)
        {
            writer.PutU32(WireGuardNetlink.WGDEVICE_A_FLAGS, WireGuardNetlink.WGDEVICE_F_REPLACE_PEERS);
        }
    }

    /// <summary>
    /// Writes one peer list item from <paramref name="allowedIPIndex"/> on (a continuation when it is not 0).
    /// NoRoom rolls the writer back; Partial means the message is full and the peer continues in the next one.
    /// </summary>
    private static PeerResult TryWritePeer(ref NetlinkWriter writer, PeerConfig peer, ref int allowedIPIndex)
    {
        int start = writer.Position;
        bool continuation = allowedIPIndex > 0;
        if (!TryWritePeerHeader(ref writer, peer, continuation, out int peerNest))
        {
            writer.Position = start;
            return PeerResult.NoRoom;
        }

        IReadOnlyList<IPNetwork> allowed = peer.Remove ? [] : peer.AllowedIPs;
        if (allowedIPIndex < allowed.Count)
        {
            if (!writer.TryBeginNested(WireGuardNetlink.WGPEER_A_ALLOWEDIPS, out int listNest))
            {
                writer.Position = start;
                return PeerResult.NoRoom;
            }

            int written = 0;
            while (allowedIPIndex + written < allowed.Count && TryWriteAllowedIP(ref writer, allowed[allowedIPIndex + written]))
            {
                written++;
            }

            if (written == 0)
            {
                writer.Position = start; // a peer item without a single allowed IP would be wasted here
                return PeerResult.NoRoom;
            }

            writer.EndNested(listNest);
            allowedIPIndex += written;
        }

        writer.EndNested(peerNest);
        return allowedIPIndex < allowed.Count ? PeerResult.Partial : PeerResult.Complete;
    }

    private static bool TryWritePeerHeader(ref NetlinkWriter writer, PeerConfig peer, bool continuation, out int peerNest)
    {
        // List items are numbered 0 like the kernel's own dumps; the kernel ignores the item type.
        if (!writer.TryBeginNested(0, out peerNest))
        {
            return false;
        }

        Span<byte> key = stackalloc byte[PublicKey.Size];
        peer.PublicKey.WriteTo(key);
        uint flags = 0;
        if (peer.Remove)
        {
            flags |= WireGuardNetlink.WGPEER_F_REMOVE_ME;
        }

        if (peer.UpdateOnly)
        {
            flags |= WireGuardNetlink.WGPEER_F_UPDATE_ONLY; // kept on continuations: they must not create the peer either
        }

        if (peer.ReplaceAllowedIPs && !peer.Remove && !continuation)
        {
            flags |= WireGuardNetlink.WGPEER_F_REPLACE_ALLOWEDIPS;
        }

        if (!writer.TryPut(WireGuardNetlink.WGPEER_A_PUBLIC_KEY, key) || (flags != 0 && !writer.TryPutU32(WireGuardNetlink.WGPEER_A_FLAGS, flags)))
        {
            return false;
        }

        if (continuation || peer.Remove)
        {
            return true;
        }

        if (peer.PresharedKey is { } psk && !writer.TryPut(WireGuardNetlink.WGPEER_A_PRESHARED_KEY, psk.Bytes))
        {
            return false;
        }

        if (peer.Endpoint is { } endpoint)
        {
            Span<byte> sockaddr = stackalloc byte[WireGuardNetlink.SockAddrIn6Size];
            int length = WriteSockAddr(endpoint, sockaddr);
            if (!writer.TryPut(WireGuardNetlink.WGPEER_A_ENDPOINT, sockaddr[..length]))
            {
                return false;
            }
        }

        return peer.PersistentKeepalive is not ushort keepalive
            || writer.TryPutU16(WireGuardNetlink.WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, keepalive);
    }

    private static bool TryWriteAllowedIP(ref NetlinkWriter writer, IPNetwork network)
    {
        int start = writer.Position;
        Span<byte> address = stackalloc byte[16];
        _ = network.BaseAddress.TryWriteBytes(address, out int length);
        bool ok = writer.TryBeginNested(0, out int nest)
            && writer.TryPutU16(WireGuardNetlink.WGALLOWEDIP_A_FAMILY, RtNetlink.FamilyOf(network.BaseAddress))
            && writer.TryPut(WireGuardNetlink.WGALLOWEDIP_A_IPADDR, address[..length])
            && writer.TryPutU8(WireGuardNetlink.WGALLOWEDIP_A_CIDR_MASK, (byte)network.PrefixLength);
        if (!ok)
        {
            writer.Position = start;
            return false;
        }

        writer.EndNested(nest);
        return true;
    }

    /// <summary>struct sockaddr_in / sockaddr_in6: sa_family in host order, port and flowinfo in network order.</summary>
    internal static int WriteSockAddr(IPEndPoint endpoint, Span<byte> destination)
    {
        IPAddress address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        int size = address.AddressFamily == AddressFamily.InterNetwork ? WireGuardNetlink.SockAddrIn4Size : WireGuardNetlink.SockAddrIn6Size;
        Span<byte> sa = destination[..size];
        sa.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(sa, RtNetlink.FamilyOf(address));
        BinaryPrimitives.WriteUInt16BigEndian(sa[2..], (ushort)endpoint.Port);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            _ = address.TryWriteBytes(sa[4..8], out _);
        }
        else
        {
            _ = address.TryWriteBytes(sa[8..24], out _); // after sin6_flowinfo (0)
            BinaryPrimitives.WriteUInt32LittleEndian(sa[24..], (uint)address.ScopeId);
        }

        return size;
    }
}
