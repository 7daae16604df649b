namespace Dvpn.Protocol;

/// <summary>Fixed numbers of the session protocol, version 1 (docs/protocol.md §3).</summary>
public static class ProtocolConstants
{
    /// <summary>The protocol version this package speaks, sent in every OpenSession request.</summary>
    public const uint ProtocolVersion = 1;

    /// <summary>Size of the random request nonce in an OpenSession request.</summary>
    public const int RequestNonceSize = 16;

    /// <summary>Size of a session id.</summary>
    public const int SessionIdSize = 16;

    /// <summary>Size of a Curve25519 (WireGuard) public key.</summary>
    public const int WireGuardKeySize = 32;

    /// <summary>Largest uint256 amount on the wire, in bytes.</summary>
    public const int MaxAmountSize = 32;

    /// <summary>Bytes in a GiB, the unit prices are quoted per.</summary>
    public const long BytesPerGiB = 1L << 30;

    /// <summary>Default tolerance either side allows between a signed timestamp and its own clock.</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromSeconds(60);
}
