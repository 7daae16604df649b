using System.Globalization;
using Dvpn.Chain.Providers;
using Dvpn.Client.Persistence;

namespace Dvpn.Client.Selection;

/// <summary>
/// The selection rules, one listing at a time: null when it may be picked, else the reason it may not (shown to the
/// user in <see cref="SelectionPreview.Excluded"/>). Pure: no network, no clock.
/// </summary>
internal static class ProviderFilter
{
    /// <summary>The rules for an unpinned selection, in this order: listed, deny, allow, price, region, stake, avoided, failed this round.</summary>
    public static string? Check(ProviderListing listing, SelectionConstraints c)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(c);
        return CheckListedDenyPrice(listing, c)
            ?? (c.Allow.Count > 0 && !c.Allow.Contains(listing.Address) ? "not in the allow list" : null)
            ?? (c.Regions.Count > 0 && !c.Regions.Contains(listing.Region)
                ? $"region '{listing.Region}' is not one of {string.Join(", ", c.Regions.Order(StringComparer.Ordinal))}"
                : null)
            ?? (listing.Stake < c.MinStake ? Invariant($"stake {listing.Stake} is below the minimum {c.MinStake}") : null)
            ?? (c.Marks.TryGetValue(listing.Address, out ProviderMark? mark)
                ? Invariant($"avoided until {mark.Until:O} ({mark.Reason}: {mark.Detail})")
                : null)
            ?? (c.Exclude.Contains(listing.Address) ? "failed in this connect attempt" : null);
    }

    /// <summary>
    /// The rules for a pinned provider: the user chose it, so region, allow list, stake minimum and past failures do
    /// not apply; it must still be listed, not denied, within the price limit, and not have failed in this round.
    /// </summary>
    public static string? CheckPinned(ProviderListing listing, SelectionConstraints c)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(c);
        return CheckListedDenyPrice(listing, c) ?? (c.Exclude.Contains(listing.Address) ? "failed in this connect attempt" : null);
    }

    private static string? CheckListedDenyPrice(ProviderListing listing, SelectionConstraints c)
    {
        if (!listing.Listed)
        {
            return "not listed (stake below the Directory's minimum)";
        }

        if (c.Deny.Contains(listing.Address))
        {
            return "in the deny list";
        }

        return c.MaxPricePerGiB is { } max && listing.PricePerGiB > max
            ? Invariant($"price {listing.PricePerGiB} per GiB is above the limit {max}")
            : null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
