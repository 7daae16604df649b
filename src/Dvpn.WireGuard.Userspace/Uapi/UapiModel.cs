using System.Net;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>A parsed <c>set=1</c> request (the cross-platform UAPI, wireguard.com/xplatform). Null means "not given".</summary>
internal sealed class UapiSetRequest
{
    /// <summary><c>private_key</c>: 32 bytes, or an empty array for "remove the key" (all zeros on the wire).</summary>
    public byte[]? PrivateKey { get; set; }

    /// <summary><c>listen_port</c> (0 picks a free one).</summary>
    public ushort? ListenPort { get; set; }

    /// <summary><c>fwmark</c> (0 removes it).</summary>
    public uint? FirewallMark { get; set; }

    /// <summary><c>replace_peers=true</c>: remove every peer not named afterwards.</summary>
    public bool ReplacePeers { get; set; }

    /// <summary>The <c>public_key=</c> sections, in order.</summary>
    public List<UapiPeerChange> Peers { get; } = [];
}

/// <summary>One <c>public_key=</c> section of a <c>set=1</c> request.</summary>
internal sealed class UapiPeerChange
{
    /// <summary>The peer's static public key (32 bytes).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary><c>remove=true</c>.</summary>
    public bool Remove { get; set; }

    /// <summary><c>update_only=true</c>: change the peer only if it already exists.</summary>
    public bool UpdateOnly { get; set; }

    /// <summary><c>preshared_key</c>: 32 bytes (all zeros removes it).</summary>
    public byte[]? PresharedKey { get; set; }

    /// <summary><c>endpoint</c>.</summary>
    public IPEndPoint? Endpoint { get; set; }

    /// <summary><c>persistent_keepalive_interval</c> in seconds (0 turns it off).</summary>
    public ushort? PersistentKeepaliveInterval { get; set; }

    /// <summary><c>replace_allowed_ips=true</c>: drop the peer's allowed IPs before adding the ones that follow.</summary>
    public bool ReplaceAllowedIps { get; set; }

    /// <summary><c>allowed_ip</c> lines, in order (address masked to its prefix).</summary>
    public List<IPNetwork> AllowedIps { get; } = [];

    /// <summary>Our extension, <c>dvpn_forwarding=true|false</c>: whether the device forwards this peer's packets (the provider's metering switch).</summary>
    public bool? Forwarding { get; set; }
}

/// <summary>The state reported by <c>get=1</c>.</summary>
internal sealed class UapiDeviceSnapshot
{
    /// <summary>The private key (32 bytes) or null when none is set.</summary>
    public byte[]? PrivateKey { get; init; }

    /// <summary>The bound port (0 when not listening).</summary>
    public ushort ListenPort { get; init; }

    /// <summary>The firewall mark (0 when none).</summary>
    public uint FirewallMark { get; init; }

    /// <summary>The peers, in insertion order.</summary>
    public IReadOnlyList<UapiPeerSnapshot> Peers { get; init; } = [];
}

/// <summary>One peer in a <c>get=1</c> reply.</summary>
internal sealed class UapiPeerSnapshot
{
    /// <summary>The static public key.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The preshared key, or null when none (written as all zeros, like wireguard-go).</summary>
    public byte[]? PresharedKey { get; init; }

    /// <summary>The current endpoint, or null.</summary>
    public IPEndPoint? Endpoint { get; init; }

    /// <summary>The last completed handshake, or null (written as 0 seconds and 0 nanoseconds).</summary>
    public DateTimeOffset? LastHandshake { get; init; }

    /// <summary>Bytes received from the peer (whole UDP payloads, like wireguard-go).</summary>
    public ulong ReceivedBytes { get; init; }

    /// <summary>Bytes sent to the peer (whole UDP payloads).</summary>
    public ulong TransmittedBytes { get; init; }

    /// <summary>Persistent keepalive interval in seconds (0 when off).</summary>
    public ushort PersistentKeepaliveInterval { get; init; }

    /// <summary>The allowed IPs.</summary>
    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];

    /// <summary>Our extension: whether packets are forwarded (written as <c>dvpn_forwarding=</c> only when false).</summary>
    public bool Forwarding { get; init; } = true;
}

/// <summary>A <c>set=1</c> request that cannot be applied; <see cref="Errno"/> is what the reply's <c>errno=</c> carries (positive, e.g. 22 EINVAL).</summary>
internal sealed class UapiSetException(int errno, string message) : Exception(message)
{
    /// <summary>The errno for the reply.</summary>
    public int Errno { get; } = errno;
}
