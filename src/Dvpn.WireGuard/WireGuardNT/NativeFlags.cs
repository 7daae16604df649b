namespace Dvpn.WireGuard.WireGuardNT;

// The three flag enums of api/wireguard.h sit together: they are read side by side with NativeLayout.

/// <summary>WIREGUARD_INTERFACE_FLAG.</summary>
[Flags]
internal enum InterfaceFlags : uint
{
    /// <summary>No field set.</summary>
    None = 0,

    /// <summary>WIREGUARD_INTERFACE_HAS_PUBLIC_KEY (only meaningful on get).</summary>
    HasPublicKey = 1 << 0,

    /// <summary>WIREGUARD_INTERFACE_HAS_PRIVATE_KEY.</summary>
    HasPrivateKey = 1 << 1,

    /// <summary>WIREGUARD_INTERFACE_HAS_LISTEN_PORT.</summary>
    HasListenPort = 1 << 2,

    /// <summary>WIREGUARD_INTERFACE_REPLACE_PEERS: remove all peers before adding the given ones.</summary>
    ReplacePeers = 1 << 3,
}

/// <summary>WIREGUARD_PEER_FLAG. Bit 4 is unused.</summary>
[Flags]
internal enum PeerFlags : uint
{
    /// <summary>No field set.</summary>
    None = 0,

    /// <summary>WIREGUARD_PEER_HAS_PUBLIC_KEY.</summary>
    HasPublicKey = 1 << 0,

    /// <summary>WIREGUARD_PEER_HAS_PRESHARED_KEY.</summary>
    HasPresharedKey = 1 << 1,

    /// <summary>WIREGUARD_PEER_HAS_PERSISTENT_KEEPALIVE.</summary>
    HasPersistentKeepalive = 1 << 2,

    /// <summary>WIREGUARD_PEER_HAS_ENDPOINT.</summary>
    HasEndpoint = 1 << 3,

    /// <summary>WIREGUARD_PEER_REPLACE_ALLOWED_IPS: remove the peer's allowed IPs before adding the given ones.</summary>
    ReplaceAllowedIPs = 1 << 5,

    /// <summary>WIREGUARD_PEER_REMOVE.</summary>
    Remove = 1 << 6,

    /// <summary>WIREGUARD_PEER_UPDATE_ONLY (WIREGUARD_PEER_UPDATE in older headers): never add a new peer.</summary>
    UpdateOnly = 1 << 7,
}

/// <summary>WIREGUARD_ALLOWED_IP_FLAG.</summary>
[Flags]
internal enum AllowedIPFlags : uint
{
    /// <summary>Add the allowed IP.</summary>
    None = 0,

    /// <summary>WIREGUARD_ALLOWED_IP_REMOVE: remove this allowed IP from the peer instead of adding it.</summary>
    Remove = 1 << 0,
}
