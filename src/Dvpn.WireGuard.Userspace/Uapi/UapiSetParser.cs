using Dvpn.WireGuard.Uapi;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// Reads the body of a <c>set=1</c> request (wireguard.com/xplatform) one line at a time into a
/// <see cref="UapiSetRequest"/>: device attributes first, then sections each opened by <c>public_key</c>; an empty
/// line ends the request. Feeding lines one by one lets the server parse a request of any length while holding only
/// one line and the (capped) request itself. Every malformed input gives a <see cref="UapiError"/> (EINVAL), never an
/// exception. Unlike wireguard-go, which applies each line as it goes, nothing is applied here: the request is handed
/// to the device whole, so a bad line leaves the device untouched.
/// </summary>
internal sealed class UapiSetParser
{
    /// <summary>The longest line accepted, newline excluded (real lines are under 100 bytes).</summary>
    public const int MaxLineBytes = 4096;

    /// <summary>The default cap on <c>public_key</c> sections in one request.</summary>
    public const int DefaultMaxPeers = 65536;

    /// <summary>The default cap on <c>allowed_ip</c> lines in one request, all peers together.</summary>
    public const int DefaultMaxAllowedIps = 262144;

    private const int KeySize = 32;

    private readonly int _maxPeers;
    private readonly int _maxAllowedIps;
    private int _allowedIps;
    private int _lineNumber;
    private UapiPeerChange? _peer;
    private UapiError? _failure;

    /// <summary>Creates a parser for one request.</summary>
    /// <param name="maxPeers">The most <c>public_key</c> sections accepted; <see cref="DefaultMaxPeers"/> by default.</param>
    /// <param name="maxAllowedIps">The most <c>allowed_ip</c> lines accepted; <see cref="DefaultMaxAllowedIps"/> by default.</param>
    public UapiSetParser(int maxPeers = DefaultMaxPeers, int maxAllowedIps = DefaultMaxAllowedIps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPeers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAllowedIps);
        _maxPeers = maxPeers;
        _maxAllowedIps = maxAllowedIps;
    }

    /// <summary>The request read so far; whole once <see cref="IsComplete"/>.</summary>
    public UapiSetRequest Request { get; } = new();

    /// <summary>True once the empty line that ends the request was read.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>
    /// Parses a whole body (the lines after <c>set=1</c>, each ending in a newline, then the empty line). False with
    /// <paramref name="error"/> when it is malformed, incomplete, or followed by more data; key arrays of a rejected
    /// request are wiped.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out UapiSetRequest? request, out UapiError error)
    {
        request = null;
        UapiSetParser parser = new();
        while (!parser.IsComplete)
        {
            int newline = body.IndexOf((byte)'\n');
            if (newline < 0)
            {
                ClearKeys(parser.Request);
                error = UapiError.Invalid(body.Length > MaxLineBytes
                    ? $"line {parser._lineNumber + 1} is longer than {MaxLineBytes} bytes"
                    : "the request ends before the empty line that closes it");
                return false;
            }

            if (!parser.TryReadLine(body[..newline], out error))
            {
                ClearKeys(parser.Request);
                return false;
            }

            body = body[(newline + 1)..];
        }

        if (!body.IsEmpty)
        {
            ClearKeys(parser.Request);
            error = UapiError.Invalid("data after the empty line that ends the request");
            return false;
        }

        request = parser.Request;
        error = default;
        return true;
    }

    /// <summary>Zeroes the private and preshared keys a request holds (after it was applied or refused).</summary>
    public static void ClearKeys(UapiSetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PrivateKey is { } privateKey)
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }

        foreach (UapiPeerChange peer in request.Peers)
        {
            if (peer.PresharedKey is { } psk)
            {
                CryptographicOperations.ZeroMemory(psk);
            }
        }
    }

    /// <summary>
    /// Reads one line (without its newline). The empty line completes the request. After a failure, or once complete,
    /// every further line fails.
    /// </summary>
    public bool TryReadLine(ReadOnlySpan<byte> line, out UapiError error)
    {
        if (_failure is { } failure)
        {
            error = failure;
            return false;
        }

        _lineNumber++;
        string? problem = IsComplete ? "data after the empty line that ends the request" : Read(line);
        if (problem is null)
        {
            error = default;
            return true;
        }

        error = UapiError.Invalid($"set line {_lineNumber}: {problem}");
        _failure = error;
        return false;
    }

    private string? Read(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            IsComplete = true;
            return null;
        }

        if (line.Length > MaxLineBytes)
        {
            return $"longer than {MaxLineBytes} bytes";
        }

        if (line.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            return "non-printable or non-ASCII byte"; // not echoed: it may be part of a key
        }

        int equals = line.IndexOf((byte)'=');
        if (equals <= 0)
        {
            return equals < 0 ? "no '=' in the line" : "empty attribute name";
        }

        string key = Encoding.ASCII.GetString(line[..Math.Min(equals, 64)]);
        ReadOnlySpan<byte> value = line[(equals + 1)..];
        if (equals > 64)
        {
            return $"unknown attribute '{key}...'";
        }

        if (key == "public_key")
        {
            return StartPeer(value);
        }

        return _peer is null ? ReadDeviceAttribute(key, value) : ReadPeerAttribute(_peer, key, value);
    }

    private string? ReadDeviceAttribute(string key, ReadOnlySpan<byte> value)
    {
        switch (key)
        {
            case "private_key":
                byte[] privateKey = new byte[KeySize];
                if (!AsciiHex.TryDecode(value, privateKey))
                {
                    return "private_key is not 64 hex digits";
                }

                ReplaceKey(Request.PrivateKey);
                // All zeros means "remove the key" (xplatform); the model says so with an empty array.
                Request.PrivateKey = privateKey.AsSpan().ContainsAnyExcept((byte)0) ? privateKey : [];
                return null;
            case "listen_port":
                if (!UapiValues.TryParseNumber(value, ushort.MaxValue, out uint port))
                {
                    return $"bad listen_port '{UapiValues.Echo(value)}'";
                }

                Request.ListenPort = (ushort)port;
                return null;
            case "fwmark":
                if (!UapiValues.TryParseNumber(value, uint.MaxValue, out uint mark))
                {
                    return $"bad fwmark '{UapiValues.Echo(value)}'";
                }

                Request.FirewallMark = mark;
                return null;
            case "replace_peers":
                if (!IsTrue(value))
                {
                    return $"replace_peers must be true, not '{UapiValues.Echo(value)}'";
                }

                Request.ReplacePeers = true;
                return null;
            case "preshared_key" or "endpoint" or "persistent_keepalive_interval" or "replace_allowed_ips" or "allowed_ip"
                or "remove" or "update_only" or "protocol_version" or "dvpn_forwarding":
                return $"peer attribute {key} before any public_key";
            default:
                return $"unknown device attribute '{key}'";
        }
    }

    private string? StartPeer(ReadOnlySpan<byte> value)
    {
        if (Request.Peers.Count >= _maxPeers)
        {
            return $"more than {_maxPeers} peers";
        }

        byte[] publicKey = new byte[KeySize];
        if (!AsciiHex.TryDecode(value, publicKey))
        {
            return "public_key is not 64 hex digits";
        }

        _peer = new UapiPeerChange { PublicKey = publicKey };
        Request.Peers.Add(_peer);
        return null;
    }

    private string? ReadPeerAttribute(UapiPeerChange peer, string key, ReadOnlySpan<byte> value)
    {
        switch (key)
        {
            case "private_key" or "listen_port" or "fwmark" or "replace_peers":
                return $"device attribute {key} after a public_key";
            case "remove":
                peer.Remove = IsTrue(value);
                return peer.Remove ? null : $"remove must be true, not '{UapiValues.Echo(value)}'";
            case "update_only":
                peer.UpdateOnly = IsTrue(value);
                return peer.UpdateOnly ? null : $"update_only must be true, not '{UapiValues.Echo(value)}'";
            case "replace_allowed_ips":
                peer.ReplaceAllowedIps = IsTrue(value);
                return peer.ReplaceAllowedIps ? null : $"replace_allowed_ips must be true, not '{UapiValues.Echo(value)}'";
            case "preshared_key":
                byte[] psk = new byte[KeySize];
                if (!AsciiHex.TryDecode(value, psk))
                {
                    return "preshared_key is not 64 hex digits";
                }

                ReplaceKey(peer.PresharedKey);
                peer.PresharedKey = psk;
                return null;
            case "endpoint":
                if (!UapiValues.TryParseEndpoint(value, out IPEndPoint? endpoint))
                {
                    return $"bad endpoint '{UapiValues.Echo(value)}'";
                }

                peer.Endpoint = endpoint;
                return null;
            case "persistent_keepalive_interval":
                if (!UapiValues.TryParseNumber(value, ushort.MaxValue, out uint interval))
                {
                    return $"bad persistent_keepalive_interval '{UapiValues.Echo(value)}'";
                }

                peer.PersistentKeepaliveInterval = (ushort)interval;
                return null;
            case "allowed_ip":
                if (_allowedIps >= _maxAllowedIps)
                {
                    return $"more than {_maxAllowedIps} allowed IPs";
                }

                if (!UapiValues.TryParseNetwork(value, out IPNetwork network))
                {
                    return $"bad allowed_ip '{UapiValues.Echo(value)}'";
                }

                _allowedIps++;
                peer.AllowedIps.Add(network);
                return null;
            case "protocol_version":
                return value.SequenceEqual("1"u8) ? null : $"unsupported protocol_version '{UapiValues.Echo(value)}' (only 1)";
            case "dvpn_forwarding":
                bool? forwarding = value.SequenceEqual("true"u8) ? true : value.SequenceEqual("false"u8) ? false : null;
                if (forwarding is null)
                {
                    return $"dvpn_forwarding must be true or false, not '{UapiValues.Echo(value)}'";
                }

                peer.Forwarding = forwarding;
                return null;
            default:
                return $"unknown peer attribute '{key}'";
        }
    }

    /// <summary>wireguard-go accepts only the exact word <c>true</c> for its flags.</summary>
    private static bool IsTrue(ReadOnlySpan<byte> value) => value.SequenceEqual("true"u8);

    /// <summary>A key given twice: the first copy is wiped before it is dropped.</summary>
    private static void ReplaceKey(byte[]? previous)
    {
        if (previous is not null)
        {
            CryptographicOperations.ZeroMemory(previous);
        }
    }
}
