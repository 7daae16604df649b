using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Providers;

namespace Dvpn.Client.Discovery;

/// <summary>
/// Turns listings into cache entries and back. Reading back re-checks every field as the chain reader does: the file
/// sits on disk where anything may have changed it, so an entry is accepted only when it is as well-formed as one read
/// from the Directory.
/// </summary>
internal static class DirectoryCacheCodec
{
    /// <summary>The Directory's limits (contracts/src/Directory.sol), mirrored so that the cache cannot hold more.</summary>
    private const int KeyLength = 32;
    private const int MaxEndpointLength = 256;
    private const int MaxRegionLength = 16;
    private const int MaxMetadataLength = 1024;

    /// <summary>uint256: 78 decimal digits at most.</summary>
    private const int MaxAmountDigits = 78;

    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static DirectoryCacheEntry ToEntry(ProviderListing listing) => new()
    {
        Address = listing.Address,
        Endpoint = listing.Endpoint.OriginalString,
        TlsFingerprint = Convert.ToHexStringLower(listing.TlsFingerprint.AsSpan()),
        WireGuardPublicKey = Convert.ToBase64String(listing.WireGuardPublicKey.AsSpan()),
        PricePerGiB = listing.PricePerGiB.ToString(CultureInfo.InvariantCulture),
        Region = listing.Region,
        Metadata = Convert.ToBase64String(listing.Metadata.AsSpan()),
        Stake = listing.Stake.ToString(CultureInfo.InvariantCulture),
        Listed = listing.Listed,
    };

    /// <summary>Checks one entry; false with a reason when any field is not what the Directory could hold.</summary>
    public static bool TryParse(DirectoryCacheEntry entry, out ProviderListing? listing, out string? reason)
    {
        listing = null;
        if (!IsAddress(entry.Address))
        {
            reason = "address is not a 20-byte hex address";
            return false;
        }

        if (entry.Endpoint is null || entry.Endpoint.Length > MaxEndpointLength
            || !Uri.TryCreate(entry.Endpoint, UriKind.Absolute, out Uri? endpoint)
            || endpoint.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(endpoint.Host) || !string.IsNullOrEmpty(endpoint.UserInfo))
        {
            reason = $"{entry.Address}: endpoint is not an absolute https URL with a host";
            return false;
        }

        if (!TryHex(entry.TlsFingerprint, out byte[] fingerprint) || fingerprint.Length != KeyLength || fingerprint.All(b => b == 0))
        {
            reason = $"{entry.Address}: TLS fingerprint is not 32 bytes of hex";
            return false;
        }

        if (!TryBase64(entry.WireGuardPublicKey, out byte[] wireGuardKey) || wireGuardKey.Length != KeyLength || wireGuardKey.All(b => b == 0))
        {
            reason = $"{entry.Address}: WireGuard key is not 32 bytes of base64";
            return false;
        }

        if (!TryAmount(entry.PricePerGiB, out BigInteger price) || !TryAmount(entry.Stake, out BigInteger stake))
        {
            reason = $"{entry.Address}: price or stake is not a uint256 decimal";
            return false;
        }

        if (entry.Region is null || entry.Region.Length > MaxRegionLength
            || !entry.Region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            reason = $"{entry.Address}: region is not a short code of lower-case letters, digits and '-'";
            return false;
        }

        if (!TryBase64(entry.Metadata ?? "", out byte[] metadata) || metadata.Length > MaxMetadataLength)
        {
            reason = $"{entry.Address}: metadata is not base64 of at most {MaxMetadataLength} bytes";
            return false;
        }

        listing = new ProviderListing(entry.Address!, endpoint, [.. fingerprint], [.. wireGuardKey], price, entry.Region,
            ImmutableArray.Create(metadata), stake, entry.Listed);
        reason = null;
        return true;
    }

    private static bool IsAddress(string? text) =>
        text is { Length: 42 } && text.StartsWith("0x", StringComparison.Ordinal) && !text.AsSpan(2).ContainsAnyExcept(HexDigits);

    private static bool TryHex(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length % 2 != 0 || text.AsSpan().ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        bytes = Convert.FromHexString(text);
        return true;
    }

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
        {
            return false;
        }

        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out int written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static bool TryAmount(string? text, out BigInteger value)
    {
        value = default;
        return text is { Length: > 0 and <= MaxAmountDigits }
            && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value <= MaxUint256;
    }
}
