using System.Text;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>Malformed <c>get</c> replies, each with a fragment the error message must contain.</summary>
internal static class UapiReplyCases
{
    public const string PublicKeyHex = "d1a1b3b7f55e0fc0b0c7d56c8c9e3a48c45e7b40d0c1e7e83cd5d8f1f6d4d9a0";
    public const string SecretHex = "e84b5a6d2717c1003a13b431570353dbaca9146cf150c5f8575680feba52027a";

    public static TheoryData<string, string, string> MalformedGetReplies() => new()
    {
        { "empty", "", "truncated" },
        { "truncated after a line", "listen_port=51820\n", "truncated" },
        { "truncated before the blank line", "errno=0\n", "truncated" },
        { "missing errno", "listen_port=51820\n\n", "missing errno" },
        { "only a blank line", "\n", "missing errno" },
        { "errno not last", "errno=0\nlisten_port=1\n\n", "missing errno" },
        { "errno twice", "errno=0\nerrno=0\n\n", "errno before the end" },
        { "errno not a number", "errno=zero\n\n", "errno is not" },
        { "errno too big", "errno=99999999999999999999\n\n", "errno is not" },
        { "errno beyond int", "errno=4294967296\n\n", "errno is not" },
        { "data after the end", "errno=0\n\nlisten_port=1\n", "after the blank line" },
        { "line without equals", "garbage\nerrno=0\n\n", "without '='" },
        { "empty key", "=1\nerrno=0\n\n", "empty key" },
        { "control byte", "listen_port=1\r\nerrno=0\n\n", "non-printable" },
        { "non-ascii byte", "listen_port=1\u00e9\nerrno=0\n\n", "non-printable" },
        { "over-long line", "x_unknown=" + new string('a', 5000) + "\nerrno=0\n\n", "longer than" },
        { "private key bad hex", "private_key=" + new string('z', 64) + "\nerrno=0\n\n", "private_key is not 64 hex digits" },
        { "private key short", "private_key=" + SecretHex[..62] + "\nerrno=0\n\n", "private_key is not 64 hex digits" },
        { "listen port negative", "listen_port=-1\nerrno=0\n\n", "bad listen_port" },
        { "listen port huge", "listen_port=65536\nerrno=0\n\n", "bad listen_port" },
        { "listen port with space", "listen_port= 1\nerrno=0\n\n", "bad listen_port" },
        { "fwmark huge", "fwmark=4294967296\nerrno=0\n\n", "bad fwmark" },
        { "public key bad hex", "public_key=" + new string('g', 64) + "\nerrno=0\n\n", "public_key is not 64 hex digits" },
        { "peer attribute before public key", "rx_bytes=1\nerrno=0\n\n", "before any public_key" },
        { "interface attribute after peer", Peer("listen_port=1\n"), "after the first public_key" },
        { "preshared key bad hex", Peer("preshared_key=" + SecretHex[..60] + "xyzw\n"), "preshared_key is not 64 hex digits" },
        { "endpoint without port", Peer("endpoint=192.0.2.1\n"), "bad endpoint" },
        { "endpoint v6 without brackets", Peer("endpoint=2001:db8::1:51820\n"), "bad endpoint" },
        { "endpoint port too big", Peer("endpoint=192.0.2.1:65536\n"), "bad endpoint" },
        { "endpoint hostname", Peer("endpoint=example.com:51820\n"), "bad endpoint" },
        { "endpoint short ipv4", Peer("endpoint=1:51820\n"), "bad endpoint" },
        { "endpoint v4 in brackets", Peer("endpoint=[192.0.2.1]:51820\n"), "bad endpoint" },
        { "allowed ip without prefix", Peer("allowed_ip=10.0.0.0\n"), "bad allowed_ip" },
        { "allowed ip prefix too long", Peer("allowed_ip=10.0.0.0/33\n"), "bad allowed_ip" },
        { "allowed ip v6 prefix too long", Peer("allowed_ip=fd00::/129\n"), "bad allowed_ip" },
        { "allowed ip not an address", Peer("allowed_ip=10.0.0/8\n"), "bad allowed_ip" },
        { "allowed ip empty prefix", Peer("allowed_ip=10.0.0.0/\n"), "bad allowed_ip" },
        { "rx bytes negative", Peer("rx_bytes=-5\n"), "bad rx_bytes" },
        { "tx bytes huge", Peer("tx_bytes=18446744073709551616\n"), "bad tx_bytes" },
        { "handshake seconds negative", Peer("last_handshake_time_sec=-1\n"), "bad last_handshake_time_sec" },
        { "handshake seconds beyond year 9999", Peer("last_handshake_time_sec=253402300800\n"), "bad last_handshake_time_sec" },
        { "handshake nanoseconds too big", Peer("last_handshake_time_nsec=1000000000\n"), "bad last_handshake_time_nsec" },
        { "keepalive too big", Peer("persistent_keepalive_interval=65536\n"), "bad persistent_keepalive_interval" },
        { "protocol version not a number", Peer("protocol_version=one\n"), "bad protocol_version" },
    };

    /// <summary>A reply with one peer whose attributes are <paramref name="peerLines"/>.</summary>
    public static string Peer(string peerLines) => $"listen_port=51820\npublic_key={PublicKeyHex}\n{peerLines}errno=0\n\n";

    public static byte[] Bytes(string reply) => Encoding.Latin1.GetBytes(reply);
}
