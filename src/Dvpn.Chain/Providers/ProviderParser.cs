using System.Text;
using Dvpn.Chain.Contracts;

namespace Dvpn.Chain.Providers;

/// <summary>
/// Checks a directory entry as read from chain. Anyone can register anything, so every field is untrusted:
/// a bad entry is rejected with a reason and never throws.
/// </summary>
internal static class ProviderParser
{
    internal const int MaxRegionLength = 16;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryParse(ProviderViewStruct raw, out ProviderListing? listing, out string? reason)
    {
        listing = null;
        if (!TryDecodeText(raw.Endpoint, "endpoint", out string endpointText, out reason))
        {
            return false;
        }

        if (!TryParseEndpoint(endpointText, out Uri? endpoint, out reason))
        {
            return false;
        }

        if (!TryDecodeText(raw.Region, "region", out string region, out _) || !IsValidRegion(region))
        {
            reason = "region is not a short code of lower-case letters, digits and '-'";
            return false;
        }

        if (raw.TlsFingerprint is not { Length: 32 } fp || fp.All(b => b == 0))
        {
            reason = "TLS fingerprint is missing";
            return false;
        }

        if (raw.WgPublicKey is not { Length: 32 } wg || wg.All(b => b == 0))
        {
            reason = "WireGuard public key is missing";
            return false;
        }

        if (raw.PricePerGiB.Sign < 0 || raw.Stake.Sign < 0)
        {
            reason = "negative price or stake";
            return false;
        }

        listing = new ProviderListing(raw.Provider, endpoint!, [.. fp], [.. wg], raw.PricePerGiB, region,
            [.. raw.Metadata ?? []], raw.Stake, raw.Listed);
        reason = null;
        return true;
    }

    internal static bool TryParseEndpoint(string text, out Uri? endpoint, out string? reason)
    {
        endpoint = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
        {
            reason = "endpoint is not an absolute URL";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"endpoint scheme must be https, not '{uri.Scheme}'";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            reason = "endpoint has no host or carries credentials";
            return false;
        }

        endpoint = uri;
        reason = null;
        return true;
    }

    internal static bool IsValidRegion(string region) =>
        region.Length <= MaxRegionLength && region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static bool TryDecodeText(byte[]? bytes, string field, out string text, out string? reason)
    {
        try
        {
            text = StrictUtf8.GetString(bytes ?? []);
        }
        catch (DecoderFallbackException)
        {
            text = "";
            reason = $"{field} is not valid UTF-8";
            return false;
        }

        if (text.Any(char.IsControl))
        {
            reason = $"{field} contains control characters";
            return false;
        }

        reason = null;
        return true;
    }
}
