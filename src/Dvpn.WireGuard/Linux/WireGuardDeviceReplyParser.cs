using System.Buffers.Binary;
using System.Net;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Collects the messages of a WG_CMD_GET_DEVICE dump into a <see cref="DeviceState"/>. The kernel splits a large
/// device across messages and may split one peer's allowed IPs: a message whose first peer has the public key of the
/// previous message's last peer continues that peer. Every input is bounds-checked; the first problem stops parsing
/// and is kept in <see cref="Error"/>. The private key is never read.
/// </summary>
internal sealed class WireGuardDeviceReplyParser(ushort familyId)
{
    private readonly List<PeerBuilder> _peers = [];
    private PublicKey? _publicKey;
    private ushort _listenPort;
    private uint _firewallMark;
    private int _messages;

    /// <summary>Why parsing failed; null while everything was well-formed.</summary>
    public string? Error { get; private set; }

    /// <summary>Parses complete netlink messages (header included); false with <paramref name="error"/> on garbage.</summary>
    public static bool TryParse(ushort familyId, IEnumerable<byte[]> messages, out DeviceState? state, out string? error)
    {
        var parser = new WireGuardDeviceReplyParser(familyId);
        foreach (byte[] message in messages)
        {
            if (!NetlinkMessageHeader.TryRead(message, out NetlinkMessageHeader header))
            {
                state = null;
                error = message.Length < NetlinkMessageHeader.Size ? "truncated netlink message header" : "netlink message length outside the buffer";
                return false;
            }

            if (!parser.TryAdd(header, message.AsSpan(NetlinkMessageHeader.Size, (int)header.Length - NetlinkMessageHeader.Size)))
            {
                break;
            }
        }

        error = parser.Error;
        state = error is null ? parser.ToState() : null;
        return error is null;
    }

    /// <summary>Adds one message; false (and <see cref="Error"/> set) when it is not a well-formed device message.</summary>
    public bool TryAdd(in NetlinkMessageHeader header, ReadOnlySpan<byte> payload)
    {
        if (Error is not null)
        {
            return false;
        }

        if (header.Type != familyId)
        {
            return Fail($"message type {header.Type} is not the wireguard family ({familyId})");
        }

        if (payload.Length < GenericNetlink.HeaderSize)
        {
            return Fail("truncated generic netlink header");
        }

        if (payload[0] != WireGuardNetlink.WG_CMD_GET_DEVICE)
        {
            return Fail($"unexpected command {payload[0]} in a device dump");
        }

        var reader = new NetlinkAttributeReader(payload[GenericNetlink.HeaderSize..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            bool ok = attribute.Type switch
            {
                WireGuardNetlink.WGDEVICE_A_PUBLIC_KEY => TryKey(attribute, out PublicKey key) && Set(ref _publicKey, key),
                WireGuardNetlink.WGDEVICE_A_LISTEN_PORT => attribute.TryGetU16(out _listenPort) || Fail("WGDEVICE_A_LISTEN_PORT is not a u16"),
                WireGuardNetlink.WGDEVICE_A_FWMARK => attribute.TryGetU32(out _firewallMark) || Fail("WGDEVICE_A_FWMARK is not a u32"),
                WireGuardNetlink.WGDEVICE_A_PEERS => TryAddPeers(attribute.Payload),
                _ => true, // IFINDEX, IFNAME, PRIVATE_KEY (deliberately not read) and future attributes
            };
            if (!ok)
            {
                return Fail(Error ?? "bad device attribute");
            }
        }

        _messages++;
        return !reader.IsMalformed || Fail("device attribute length overruns the message");
    }

    public DeviceState ToState() => new(
        _publicKey,
        _listenPort,
        _firewallMark,
        _peers.Select(p => p.Build()).ToList());

    private bool TryAddPeers(ReadOnlySpan<byte> list)
    {
        bool firstInMessage = true;
        var reader = new NetlinkAttributeReader(list);
        while (reader.TryReadNext(out NetlinkAttribute item))
        {
            if (!TryAddPeer(item.Payload, firstInMessage))
            {
                return false;
            }

            firstInMessage = false;
        }

        return !reader.IsMalformed || Fail("nested peer length overruns WGDEVICE_A_PEERS");
    }

    private bool TryAddPeer(ReadOnlySpan<byte> attributes, bool firstInMessage)
    {
        var peer = new PeerBuilder();
        var reader = new NetlinkAttributeReader(attributes);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            bool ok = attribute.Type switch
            {
                WireGuardNetlink.WGPEER_A_PUBLIC_KEY => TryKey(attribute, out PublicKey key) && Set(ref peer.PublicKey, key),
                WireGuardNetlink.WGPEER_A_PRESHARED_KEY => attribute.Payload.Length == WireGuardNetlink.KeyLength
                    ? Set(ref peer.HasPresharedKey, attribute.Payload.ContainsAnyExcept((byte)0)) // all zero: none
                    : Fail("WGPEER_A_PRESHARED_KEY is not 32 bytes"),
                WireGuardNetlink.WGPEER_A_ENDPOINT => TrySockAddr(attribute.Payload, out peer.Endpoint) || Fail("WGPEER_A_ENDPOINT is not a sockaddr_in or sockaddr_in6"),
                WireGuardNetlink.WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL => attribute.TryGetU16(out peer.Keepalive) || Fail("keepalive is not a u16"),
                WireGuardNetlink.WGPEER_A_LAST_HANDSHAKE_TIME => TryTimespec(attribute.Payload, out peer.LastHandshake) || Fail("WGPEER_A_LAST_HANDSHAKE_TIME is not a __kernel_timespec"),
                WireGuardNetlink.WGPEER_A_RX_BYTES => attribute.TryGetU64(out peer.Received) || Fail("WGPEER_A_RX_BYTES is not a u64"),
                WireGuardNetlink.WGPEER_A_TX_BYTES => attribute.TryGetU64(out peer.Transmitted) || Fail("WGPEER_A_TX_BYTES is not a u64"),
                WireGuardNetlink.WGPEER_A_ALLOWEDIPS => TryAddAllowedIPs(attribute.Payload, peer.AllowedIPs),
                _ => true,
            };
            if (!ok)
            {
                return Fail(Error ?? "bad peer attribute");
            }
        }

        if (reader.IsMalformed)
        {
            return Fail("peer attribute length overruns its peer");
        }

        if (peer.PublicKey is not PublicKey publicKey)
        {
            return Fail("a peer without WGPEER_A_PUBLIC_KEY");
        }

        if (firstInMessage && _messages > 0 && _peers.Count > 0 && _peers[^1].PublicKey == publicKey)
        {
            _peers[^1].AllowedIPs.AddRange(peer.AllowedIPs); // the previous message's last peer, continued
        }
        else
        {
            _peers.Add(peer);
        }

        return true;
    }

    private bool TryAddAllowedIPs(ReadOnlySpan<byte> list, List<IPNetwork> into)
    {
        var reader = new NetlinkAttributeReader(list);
        while (reader.TryReadNext(out NetlinkAttribute item))
        {
            ushort family = 0;
            byte cidr = 0;
            bool hasCidr = false;
            ReadOnlySpan<byte> address = default;
            var inner = new NetlinkAttributeReader(item.Payload);
            while (inner.TryReadNext(out NetlinkAttribute attribute))
            {
                switch (attribute.Type)
                {
                    case WireGuardNetlink.WGALLOWEDIP_A_FAMILY:
                        _ = attribute.TryGetU16(out family);
                        break;
                    case WireGuardNetlink.WGALLOWEDIP_A_IPADDR:
                        address = attribute.Payload;
                        break;
                    case WireGuardNetlink.WGALLOWEDIP_A_CIDR_MASK:
                        hasCidr = attribute.TryGetU8(out cidr);
                        break;
                }
            }

            if (inner.IsMalformed)
            {
                return Fail("allowed IP attribute length overruns its entry");
            }

            if (family > byte.MaxValue || !RtNetlink.TryReadAddress((byte)family, address, out IPAddress? ip) || !hasCidr || cidr > address.Length * 8)
            {
                return Fail("an allowed IP without a matching family, address and prefix");
            }

            into.Add(new IPNetwork(RtNetlink.MaskHostBits(ip, cidr), cidr));
        }

        return !reader.IsMalformed || Fail("allowed IP entry length overruns WGPEER_A_ALLOWEDIPS");
    }

    private bool TryKey(in NetlinkAttribute attribute, out PublicKey key)
    {
        key = default;
        if (attribute.Payload.Length != WireGuardNetlink.KeyLength)
        {
            return Fail($"a key of {attribute.Payload.Length} bytes (expected 32)");
        }

        key = new PublicKey(attribute.Payload);
        return true;
    }

    internal static bool TrySockAddr(ReadOnlySpan<byte> sa, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (sa.Length < 2)
        {
            return false;
        }

        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(sa);
        if (family == RtNetlink.AF_INET && sa.Length >= WireGuardNetlink.SockAddrIn4Size)
        {
            endpoint = new IPEndPoint(new IPAddress(sa[4..8]), BinaryPrimitives.ReadUInt16BigEndian(sa[2..]));
        }
        else if (family == RtNetlink.AF_INET6 && sa.Length >= WireGuardNetlink.SockAddrIn6Size)
        {
            endpoint = new IPEndPoint(new IPAddress(sa[8..24], BinaryPrimitives.ReadUInt32LittleEndian(sa[24..])), BinaryPrimitives.ReadUInt16BigEndian(sa[2..]));
        }
        else if (family == RtNetlink.AF_UNSPEC)
        {
            return true; // no endpoint known
        }

        return endpoint is not null;
    }

    private static bool TryTimespec(ReadOnlySpan<byte> ts, out DateTimeOffset? time)
    {
        time = null;
        if (ts.Length != WireGuardNetlink.KernelTimespecSize)
        {
            return false;
        }

        long seconds = BinaryPrimitives.ReadInt64LittleEndian(ts);
        long nanoseconds = BinaryPrimitives.ReadInt64LittleEndian(ts[8..]);
        if (seconds == 0 && nanoseconds == 0)
        {
            return true; // never
        }

        if (seconds < 0 || seconds > 253402300799 || nanoseconds is < 0 or >= 1_000_000_000)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
        return true;
    }

    private static bool Set<T>(ref T field, T value)
    {
        field = value;
        return true;
    }

    private bool Fail(string error)
    {
        Error ??= error;
        return false;
    }

    private sealed class PeerBuilder
    {
#pragma warning disable SA1401, CA1051 // a private scratch type filled through ref arguments
        public PublicKey? PublicKey;
        public bool HasPresharedKey;
        public IPEndPoint? Endpoint;
        public ushort Keepalive;
        public DateTimeOffset? LastHandshake;
        public ulong Received;
        public ulong Transmitted;
        public List<IPNetwork> AllowedIPs = [];
#pragma warning restore SA1401, CA1051

        public PeerState Build() => new(PublicKey!.Value, HasPresharedKey, Endpoint, AllowedIPs, Keepalive, LastHandshake, Received, Transmitted);
    }
}
