using Dvpn.Chain.Tickets;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>Validation of request fields shared by several services; every failure is INVALID_ARGUMENT naming the field.</summary>
internal static class Arguments
{
    /// <summary>Longest region code (the Directory stores short codes like <c>eu-de</c>).</summary>
    public const int MaxRegionLength = 16;

    /// <summary>Most regions, or allow/deny entries, one request may name.</summary>
    public const int MaxListLength = 256;

    /// <summary>The address, checksummed; INVALID_ADDRESS otherwise.</summary>
    public static string Address(string text, string field) =>
        EthAddress.TryParse(text, out EthAddress address)
            ? address.ToString()
            : throw ApiErrors.InvalidArgument(field, "is not a 0x-prefixed 20-byte address", V1.ErrorReason.InvalidAddress);

    /// <summary>Every address, checksummed and without duplicates (compared case-insensitively).</summary>
    public static List<string> Addresses(IReadOnlyCollection<string> texts, string field)
    {
        if (texts.Count > MaxListLength)
        {
            throw ApiErrors.InvalidArgument(field, $"at most {MaxListLength} entries", V1.ErrorReason.InvalidValue);
        }

        return [.. texts.Select(t => Address(t, field)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Region codes: 1 to 16 of a-z, 0-9 and '-'; INVALID_REGION otherwise.</summary>
    public static List<string> Regions(IReadOnlyCollection<string> regions, string field)
    {
        if (regions.Count > MaxListLength)
        {
            throw ApiErrors.InvalidArgument(field, $"at most {MaxListLength} regions", V1.ErrorReason.InvalidValue);
        }

        foreach (string region in regions)
        {
            if (!IsRegion(region))
            {
                throw ApiErrors.InvalidArgument(field, $"'{Truncate(region)}' is not a region code (1 to {MaxRegionLength} of a-z, 0-9 and '-')",
                    V1.ErrorReason.InvalidRegion);
            }
        }

        return [.. regions.Distinct(StringComparer.Ordinal)];
    }

    public static bool IsRegion(string region) =>
        region.Length is > 0 and <= MaxRegionLength && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>Echoes at most 40 characters of a bad value back: error messages are not a place for megabytes.</summary>
    public static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
