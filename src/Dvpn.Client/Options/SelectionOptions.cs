using System.Numerics;

namespace Dvpn.Client.Options;

/// <summary>The user's standing constraints on providers; a connect request may narrow them further.</summary>
/// <remarks>The standing constraints (price, regions, allow/deny lists, stake) may be changed while the client runs,
/// through <see cref="Update"/>: every selection reads them under the same lock, so it sees all of a change or none
/// of it. <see cref="ProbeCandidates"/> and <see cref="ProbeTimeout"/> are read once, at start.</remarks>
public sealed class SelectionOptions
{
    private readonly Lock _gate = new();

    /// <summary>
    /// Changes the standing constraints of a running client atomically: <paramref name="change"/> runs under the lock
    /// selections read them with. Assign new lists rather than mutating the current ones (a reader outside the
    /// library may still hold them).
    /// </summary>
    public void Update(Action<SelectionOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            change(this);
        }
    }

    /// <summary>Reads under the lock <see cref="Update"/> takes.</summary>
    internal T Read<T>(Func<SelectionOptions, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

    /// <summary>Highest acceptable price per GiB, in the token's smallest unit; null (default) for no limit here
    /// (the spending policy's limit still applies).</summary>
    public BigInteger? MaxPricePerGiB { get; set; }

    /// <summary>Acceptable regions (e.g. <c>eu-de</c>); empty (default) accepts every region.</summary>
    public IList<string> Regions { get; set; } = [];

    /// <summary>When not empty, only these provider addresses may be picked. Default empty.</summary>
    public IList<string> Allow { get; set; } = [];

    /// <summary>Provider addresses that are never picked. Default empty.</summary>
    public IList<string> Deny { get; set; } = [];

    /// <summary>Least stake a provider must have, in the staking token's smallest unit. Default 0 (the
    /// Directory's own minimum applies anyway).</summary>
    public BigInteger MinStake { get; set; }

    /// <summary>How many candidates are drawn (stake-weighted) and probed for latency before the pick. Default 5; 1 to 50.</summary>
    public int ProbeCandidates { get; set; } = 5;

    /// <summary>A candidate that does not accept a TCP connection within this time is passed over. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a provider that failed (unreachable, refused, died) is avoided. Default 10 minutes.</summary>
    public TimeSpan FailurePenalty { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a provider caught over-claiming is avoided. Default 30 days.</summary>
    public TimeSpan OverClaimPenalty { get; set; } = TimeSpan.FromDays(30);
}
