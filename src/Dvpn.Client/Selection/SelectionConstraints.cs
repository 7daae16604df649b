using System.Numerics;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;

namespace Dvpn.Client.Selection;

/// <summary>Everything one selection must respect, gathered once: standing options, the request, the spending
/// policy's price limit, the avoided providers and this round's failures. Addresses and regions compare case-insensitively.</summary>
internal sealed class SelectionConstraints
{
    private SelectionConstraints(string? pinned, BigInteger? maxPrice, HashSet<string> regions, HashSet<string> allow,
        HashSet<string> deny, BigInteger minStake, Dictionary<string, ProviderMark> marks, HashSet<string> exclude)
    {
        Pinned = pinned;
        MaxPricePerGiB = maxPrice;
        Regions = regions;
        Allow = allow;
        Deny = deny;
        MinStake = minStake;
        Marks = marks;
        Exclude = exclude;
    }

    /// <summary>The only provider that may be picked; null for any.</summary>
    public string? Pinned { get; }

    /// <summary>The lowest of the standing, requested and policy limits; null when none is set.</summary>
    public BigInteger? MaxPricePerGiB { get; }

    /// <summary>Acceptable regions; empty accepts any.</summary>
    public IReadOnlySet<string> Regions { get; }

    /// <summary>When not empty, only these addresses.</summary>
    public IReadOnlySet<string> Allow { get; }

    public IReadOnlySet<string> Deny { get; }

    public BigInteger MinStake { get; }

    /// <summary>Active marks by address (the one that lasts longest when there are several).</summary>
    public IReadOnlyDictionary<string, ProviderMark> Marks { get; }

    /// <summary>Providers that failed in the current connect round.</summary>
    public IReadOnlySet<string> Exclude { get; }

    public static SelectionConstraints Build(SelectionOptions options, SelectionRequest? request, BigInteger? policyMaxPrice,
        IReadOnlyList<ProviderMark> activeMarks, IReadOnlySet<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One consistent view of the standing options, which the host may change while the client runs.
        (BigInteger? standingMaxPrice, string[] standingRegions, string[] allow, string[] deny, BigInteger minStake) =
            options.Read(o => (o.MaxPricePerGiB, o.Regions.ToArray(), o.Allow.ToArray(), o.Deny.ToArray(), o.MinStake));
        BigInteger? maxPrice = Min(Min(standingMaxPrice, request?.MaxPricePerGiB), policyMaxPrice);
        // The request's regions replace the standing ones (issue 5: request.Regions ?? Selection.Regions).
        IEnumerable<string> regions = request?.Regions ?? standingRegions;
        var marks = new Dictionary<string, ProviderMark>(StringComparer.OrdinalIgnoreCase);
        foreach (ProviderMark mark in activeMarks)
        {
            if (!marks.TryGetValue(mark.Address, out ProviderMark? held) || mark.Until > held.Until)
            {
                marks[mark.Address] = mark;
            }
        }

        return new SelectionConstraints(
            string.IsNullOrWhiteSpace(request?.Provider) ? null : request.Provider.Trim(),
            maxPrice,
            new HashSet<string>(regions.Select(r => r.Trim()), StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(allow.Select(a => a.Trim()), StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(deny.Select(a => a.Trim()), StringComparer.OrdinalIgnoreCase),
            minStake,
            marks,
            new HashSet<string>(exclude, StringComparer.OrdinalIgnoreCase));
    }

    private static BigInteger? Min(BigInteger? a, BigInteger? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => BigInteger.Min(a.Value, b.Value),
    };
}
