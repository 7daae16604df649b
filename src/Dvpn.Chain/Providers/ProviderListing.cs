using System.Collections.Immutable;
using System.Numerics;

namespace Dvpn.Chain.Providers;

/// <summary>A provider as listed in the Directory contract, after the client has checked every field.</summary>
/// <param name="Address">The provider's address (the account that registered).</param>
/// <param name="Endpoint">The public session endpoint (gRPC over TLS), an absolute https URL.</param>
/// <param name="TlsFingerprint">SHA-256 of the endpoint's TLS certificate, which the client pins.</param>
/// <param name="WireGuardPublicKey">The provider's Curve25519 WireGuard public key.</param>
/// <param name="PricePerGiB">Price per GiB (2^30 bytes) in the payment token's smallest unit.</param>
/// <param name="Region">A short region code, e.g. <c>eu-de</c>; may be empty.</param>
/// <param name="Metadata">Free-form bytes the provider published; not interpreted here.</param>
/// <param name="Stake">Total stake on the provider, in the staking token's smallest unit.</param>
/// <param name="Listed">Registered and at or above the minimum stake: eligible for selection.</param>
public sealed record ProviderListing(
    string Address,
    Uri Endpoint,
    ImmutableArray<byte> TlsFingerprint,
    ImmutableArray<byte> WireGuardPublicKey,
    BigInteger PricePerGiB,
    string Region,
    ImmutableArray<byte> Metadata,
    BigInteger Stake,
    bool Listed);
