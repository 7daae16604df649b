namespace Dvpn.Client.Discovery;

/// <summary>The on-disk shape of <c>providers.json</c>. Every field is untrusted when read back.</summary>
internal sealed class DirectoryCacheDocument
{
    /// <summary>The format version; only <see cref="DirectoryCacheFile.FormatVersion"/> is read.</summary>
    public int Version { get; set; }

    public ulong ChainId { get; set; }

    public string? Directory { get; set; }

    public ulong BlockNumber { get; set; }

    public DateTimeOffset FetchedAt { get; set; }

    public int Rejected { get; set; }

    public List<DirectoryCacheEntry>? Providers { get; set; }
}
