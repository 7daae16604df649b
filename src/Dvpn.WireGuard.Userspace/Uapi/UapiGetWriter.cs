using Dvpn.WireGuard.Uapi;
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// Writes a <c>get=1</c> reply the way wireguard-go does (device/uapi.go): <c>private_key</c> (when set),
/// <c>listen_port</c> (when bound), <c>fwmark</c> (when set), then for each peer <c>public_key</c>,
/// <c>preshared_key</c> (zeros when none), <c>protocol_version=1</c>, <c>endpoint</c> (when known), the last
/// handshake in seconds and nanoseconds, <c>tx_bytes</c>, <c>rx_bytes</c>, <c>persistent_keepalive_interval</c> and
/// the <c>allowed_ip</c> lines; then <c>errno=0</c> and the empty line. Our extension <c>dvpn_forwarding=false</c>
/// follows a peer's allowed IPs only when forwarding is off: wg(8) skips attributes it does not know, and so does
/// our client's parser.
/// </summary>
internal static class UapiGetWriter
{
    private const int KeySize = 32;

    /// <summary>Writes the whole reply for <paramref name="snapshot"/> into <paramref name="output"/>.</summary>
    /// <remarks>Key bytes pass through <paramref name="output"/> only: give it a buffer that is wiped after use.</remarks>
    public static void Write(UapiDeviceSnapshot snapshot, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        // Null, empty (how a set request says "remove") and all zeros all mean "no key".
        if (snapshot.PrivateKey is { Length: > 0 } privateKey && privateKey.AsSpan().ContainsAnyExcept((byte)0))
        {
            if (privateKey.Length != KeySize)
            {
                throw new ArgumentException("the private key must be 32 bytes", nameof(snapshot));
            }

            Key(output, "private_key="u8, privateKey);
        }

        if (snapshot.ListenPort != 0)
        {
            Number(output, "listen_port="u8, snapshot.ListenPort);
        }

        if (snapshot.FirewallMark != 0)
        {
            Number(output, "fwmark="u8, snapshot.FirewallMark);
        }

        foreach (UapiPeerSnapshot peer in snapshot.Peers)
        {
            WritePeer(peer, output);
        }

        output.Write("errno=0\n\n"u8);
    }

    private static void WritePeer(UapiPeerSnapshot peer, IBufferWriter<byte> output)
    {
        if (peer.PublicKey is not { Length: KeySize })
        {
            throw new ArgumentException("a peer's public key must be 32 bytes", nameof(peer));
        }

        Key(output, "public_key="u8, peer.PublicKey);
        Key(output, "preshared_key="u8, peer.PresharedKey is { Length: KeySize } psk ? psk : stackalloc byte[KeySize]);
        output.Write("protocol_version=1\n"u8);
        if (peer.Endpoint is { } endpoint)
        {
            Text(output, "endpoint="u8, Format(endpoint));
        }

        (long seconds, long nanoseconds) = UnixTime(peer.LastHandshake);
        Number(output, "last_handshake_time_sec="u8, (ulong)seconds);
        Number(output, "last_handshake_time_nsec="u8, (ulong)nanoseconds);
        Number(output, "tx_bytes="u8, peer.TransmittedBytes);
        Number(output, "rx_bytes="u8, peer.ReceivedBytes);
        Number(output, "persistent_keepalive_interval="u8, peer.PersistentKeepaliveInterval);
        foreach (IPNetwork network in peer.AllowedIps)
        {
            Text(output, "allowed_ip="u8, network.ToString());
        }

        if (!peer.Forwarding)
        {
            output.Write("dvpn_forwarding=false\n"u8);
        }
    }

    /// <summary>The Unix time of a handshake; none, or one before 1970, is written as 0 and 0 (xplatform: "never").</summary>
    private static (long Seconds, long Nanoseconds) UnixTime(DateTimeOffset? time)
    {
        if (time is not { } value || value <= DateTimeOffset.UnixEpoch)
        {
            return (0, 0);
        }

        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100);
    }

    /// <summary>Like Go's netip.AddrPort.String: IPv6 in brackets (zone inside), IPv4 bare.</summary>
    private static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    private static void Key(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> key)
    {
        int length = name.Length + (2 * KeySize) + 1;
        Span<byte> line = output.GetSpan(length);
        name.CopyTo(line);
        AsciiHex.Encode(key, line[name.Length..]);
        line[length - 1] = (byte)'\n';
        output.Advance(length);
    }

    private static void Number(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ulong value)
    {
        Span<byte> line = output.GetSpan(name.Length + 21);
        name.CopyTo(line);
        _ = value.TryFormat(line[name.Length..], out int written, default, CultureInfo.InvariantCulture);
        line[name.Length + written] = (byte)'\n';
        output.Advance(name.Length + written + 1);
    }

    private static void Text(IBufferWriter<byte> output, ReadOnlySpan<byte> name, string value)
    {
        output.Write(name);
        Span<byte> span = output.GetSpan(value.Length + 1);
        int written = Encoding.ASCII.GetBytes(value, span);
        span[written] = (byte)'\n';
        output.Advance(written + 1);
    }
}
