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
}
