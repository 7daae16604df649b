using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Reads the body of a <c>get=1</c> reply (the lines before <c>errno</c>) into a <see cref="DeviceState"/>. Interface
/// attributes come first; each <c>public_key</c> starts a peer and the attributes after it belong to that peer.
/// Unknown attributes are skipped (newer implementations may add some). Never throws on bad input.
/// </summary>
internal static class UapiGetParser
{
    /// <summary>Parses a whole reply: framing, errno (non-zero is reported through <paramref name="errno"/>), body.</summary>
    public static bool TryParseReply(ReadOnlySpan<byte> reply, ILogger logger, out long errno, out DeviceState? state, out UapiParseError error)
    {
        state = null;
        if (!UapiReply.TryParseErrno(reply, out errno, out int bodyLength, out _, out error))
        {
            return false;
        }

        return errno != 0 || TryParseBody(reply[..bodyLength], logger, out state, out error);
    }

    public static bool TryParseBody(ReadOnlySpan<byte> body, ILogger logger, out DeviceState? state, out UapiParseError error)
    {
        state = null;
        PublicKey? interfaceKey = null;
        ushort listenPort = 0;
        uint firewallMark = 0;
        List<UapiPeerBuilder> peers = [];
        UapiPeerBuilder? peer = null;
        int lineNumber = 0;
        while (!body.IsEmpty)
        {
            lineNumber++;
            int newline = body.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = body[..newline]; // the body is whole lines, see UapiReply.TryParseErrno
            body = body[(newline + 1)..];
            if (!UapiReply.TrySplitLine(line, lineNumber, out ReadOnlySpan<byte> keyBytes, out ReadOnlySpan<byte> value, out error))
            {
                return false;
            }

            string key = UapiReply.DescribeKey(keyBytes);
            string? problem = key switch
            {
                "private_key" or "listen_port" or "fwmark" when peer is not null =>
                    $"interface attribute {key} after the first public_key",
                "private_key" => TryReadPrivateKey(value, out interfaceKey) ? null : Describe(key, value),
                "listen_port" => ushort.TryParse(Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out listenPort)
                    ? null : Describe(key, value),
                "fwmark" => uint.TryParse(Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out firewallMark)
                    ? null : Describe(key, value),
                "public_key" => TryStartPeer(value, peers, out peer) ? null : Describe(key, value),
                "errno" => "errno before the end of the reply",
                "preshared_key" or "endpoint" or "last_handshake_time_sec" or "last_handshake_time_nsec" or "rx_bytes"
                    or "tx_bytes" or "persistent_keepalive_interval" or "allowed_ip" or "protocol_version" =>
                    peer is null ? $"peer attribute {key} before any public_key"
                    : TryReadPeerAttribute(peer, key, value) ? null : Describe(key, value),
                _ => Unknown(logger, key, lineNumber),
            };
            if (problem is not null)
            {
                error = new(problem, lineNumber);
                return false;
            }
        }

        state = new DeviceState(interfaceKey, listenPort, firewallMark, peers.ConvertAll(p => p.Build()));
        error = default;
        return true;
    }

    private static string? Unknown(ILogger logger, string key, int lineNumber)
    {
        UapiLog.UnknownAttribute(logger, key, lineNumber);
        return null;
    }

    /// <summary>The message for a value that failed to parse; key values are never echoed.</summary>
    private static string Describe(string key, ReadOnlySpan<byte> value) => key switch
    {
        "private_key" or "preshared_key" or "public_key" => $"{key} is not 64 hex digits",
        _ => $"bad {key} value '{Echo(value)}'",
    };

    private static string Echo(ReadOnlySpan<byte> value) =>
        value.Length > 64 ? Encoding.ASCII.GetString(value[..64]) + "..." : Encoding.ASCII.GetString(value);

    private static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value);

    private static bool TryReadPrivateKey(ReadOnlySpan<byte> value, out PublicKey? publicKey)
    {
        publicKey = null;
        Span<byte> secret = stackalloc byte[SecretKeyMaterial.Size];
        try
        {
            if (!AsciiHex.TryDecode(value, secret))
            {
                return false;
            }

            if (!secret.ContainsAnyExcept((byte)0))
            {
                return true; // an all-zero key means "no key"
            }

            using PrivateKey key = PrivateKey.FromBytes(secret);
            publicKey = key.PublicKey;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static bool TryStartPeer(ReadOnlySpan<byte> value, List<UapiPeerBuilder> peers, out UapiPeerBuilder? peer)
    {
        peer = null;
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        if (!AsciiHex.TryDecode(value, bytes))
        {
            return false;
        }

        peer = new UapiPeerBuilder(new PublicKey(bytes));
        peers.Add(peer);
        return true;
    }

    private static bool TryReadPeerAttribute(UapiPeerBuilder peer, string key, ReadOnlySpan<byte> value)
    {
        const NumberStyles digits = NumberStyles.None;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        switch (key)
        {
            case "preshared_key":
                Span<byte> secret = stackalloc byte[SecretKeyMaterial.Size];
                bool ok = AsciiHex.TryDecode(value, secret);
                peer.HasPresharedKey = ok && secret.ContainsAnyExcept((byte)0);
                CryptographicOperations.ZeroMemory(secret);
                return ok;
            case "endpoint":
                if (!UapiEndpoint.TryParse(Text(value), out IPEndPoint? endpoint))
                {
                    return false;
                }

                peer.Endpoint = endpoint;
                return true;
            case "allowed_ip":
                if (!UapiNetwork.TryParse(Text(value), out IPNetwork network))
                {
                    return false;
                }

                peer.AllowedIPs.Add(network);
                return true;
            case "last_handshake_time_sec":
                // Bounded so that the DateTimeOffset exists (year 9999).
                if (!long.TryParse(Text(value), digits, invariant, out long seconds) || seconds > 253_402_300_799)
                {
                    return false;
                }

                peer.HandshakeSeconds = seconds;
                return true;
            case "last_handshake_time_nsec":
                if (!long.TryParse(Text(value), digits, invariant, out long nanoseconds) || nanoseconds > 999_999_999)
                {
                    return false;
                }

                peer.HandshakeNanoseconds = nanoseconds;
                return true;
            case "rx_bytes":
                if (!ulong.TryParse(Text(value), digits, invariant, out ulong rx))
                {
                    return false;
                }

                peer.ReceivedBytes = rx;
                return true;
            case "tx_bytes":
                if (!ulong.TryParse(Text(value), digits, invariant, out ulong tx))
                {
                    return false;
                }

                peer.TransmittedBytes = tx;
                return true;
            case "persistent_keepalive_interval":
                if (!ushort.TryParse(Text(value), digits, invariant, out ushort keepalive))
                {
                    return false;
                }

                peer.PersistentKeepalive = keepalive;
                return true;
            default: // protocol_version: only checked to be a number
                return uint.TryParse(Text(value), digits, invariant, out _);
        }
    }
}
