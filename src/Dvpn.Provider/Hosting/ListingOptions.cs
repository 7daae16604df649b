namespace Dvpn.Provider.Hosting;

/// <summary>What the provider publishes in the Directory (configuration section <c>Provider:Listing</c>).</summary>
internal sealed class ListingOptions
{
    /// <summary>Price per GiB (2^30 bytes, both directions), in the payment token's smallest unit (wei). Required, above 0.</summary>
    public UInt128 PricePerGiB { get; set; }

    /// <summary>A short region code (at most 16 of a-z, 0-9, '-'), e.g. <c>eu-de</c>. Default empty.</summary>
    public string Region { get; set; } = "";

    /// <summary>Free-form metadata published as UTF-8 (at most 1024 bytes). Default empty.</summary>
    public string Metadata { get; set; } = "";

    /// <summary>
    /// Register or update the listing at start when it differs from this configuration. False leaves the Directory
    /// alone (the provider still serves whoever finds it). Default true.
    /// </summary>
    public bool Register { get; set; } = true;
}
