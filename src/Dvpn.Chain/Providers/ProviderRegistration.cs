using System.Numerics;

namespace Dvpn.Chain.Providers;

/// <summary>What a provider publishes about itself in the directory.</summary>
public sealed class ProviderRegistration
{
    /// <summary>The public session endpoint, an absolute https URL (at most 256 bytes).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>SHA-256 of the endpoint's TLS certificate (32 bytes).</summary>
    public required ReadOnlyMemory<byte> TlsFingerprint { get; init; }

    /// <summary>The WireGuard public key (32 bytes).</summary>
    public required ReadOnlyMemory<byte> WireGuardPublicKey { get; init; }

    /// <summary>Price per GiB in the payment token's smallest unit.</summary>
    public required BigInteger PricePerGiB { get; init; }

    /// <summary>A short region code (at most 16 bytes: lower-case letters, digits and '-'). Default empty.</summary>
    public string Region { get; init; } = "";

    /// <summary>Free-form metadata (at most 1024 bytes). Default empty.</summary>
    public ReadOnlyMemory<byte> Metadata { get; init; }
}
