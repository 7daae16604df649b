namespace Dvpn.Client.Discovery;

/// <summary>One provider in <c>providers.json</c>: amounts as decimal strings (uint256), bytes as hex or base64.</summary>
internal sealed class DirectoryCacheEntry
{
    public string? Address { get; set; }

    public string? Endpoint { get; set; }

    /// <summary>SHA-256 of the TLS certificate, hex.</summary>
    public string? TlsFingerprint { get; set; }

    /// <summary>The WireGuard public key, base64.</summary>
    public string? WireGuardPublicKey { get; set; }

    public string? PricePerGiB { get; set; }

    public string? Region { get; set; }

    /// <summary>The published metadata, base64.</summary>
    public string? Metadata { get; set; }

    public string? Stake { get; set; }

    public bool Listed { get; set; }
}
