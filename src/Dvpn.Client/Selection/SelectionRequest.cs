using System.Numerics;

namespace Dvpn.Client.Selection;

/// <summary>What one connect asks for, on top of the standing <see cref="Options.SelectionOptions"/>.</summary>
public sealed record SelectionRequest
{
    /// <summary>Pin this provider (address); it must still be listed and pass the price limit and deny list.</summary>
    public string? Provider { get; init; }

    /// <summary>Only these regions, instead of the standing <see cref="Options.SelectionOptions.Regions"/>.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>A lower price limit than the standing one.</summary>
    public BigInteger? MaxPricePerGiB { get; init; }

    /// <summary>Equal when they ask for the same: the same pinned provider and price limit, and the same regions in
    /// any order and case (so connecting again with an equal request keeps a healthy session).</summary>
    public bool Equals(SelectionRequest? other) =>
        other is not null
        && string.Equals(Provider, other.Provider, StringComparison.OrdinalIgnoreCase)
        && MaxPricePerGiB == other.MaxPricePerGiB
        && (Regions is null ? other.Regions is null
            : other.Regions is not null && Regions.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(other.Regions));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Provider?.ToUpperInvariant(), MaxPricePerGiB, Regions?.Select(r => r.ToUpperInvariant()).Distinct().Count() ?? -1);
}
