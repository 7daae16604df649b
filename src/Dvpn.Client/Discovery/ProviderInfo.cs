using System.Numerics;

namespace Dvpn.Client.Discovery;

/// <summary>A provider as the client knows it: its listing plus what the client learned about it.</summary>
/// <param name="Address">The provider's address.</param>
/// <param name="Endpoint">Its public session endpoint.</param>
/// <param name="Region">Its region code.</param>
/// <param name="PricePerGiB">Its price per GiB.</param>
/// <param name="Stake">Its stake.</param>
/// <param name="Listed">At or above the minimum stake.</param>
/// <param name="WireGuardPublicKey">Its WireGuard key (base64).</param>
/// <param name="TlsFingerprint">SHA-256 of its TLS certificate (hex).</param>
/// <param name="AvoidedUntil">Until when selection skips it after a failure; null when it is not avoided.</param>
/// <param name="AvoidReason">Why it is avoided.</param>
public sealed record ProviderInfo(
    string Address,
    Uri Endpoint,
    string Region,
    BigInteger PricePerGiB,
    BigInteger Stake,
    bool Listed,
    string WireGuardPublicKey,
    string TlsFingerprint,
    DateTimeOffset? AvoidedUntil,
    string? AvoidReason);
