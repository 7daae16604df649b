using Dvpn.Client.Firewall;

namespace Dvpn.Client.Tests.Firewall.Support;

/// <summary>An <see cref="IKillSwitch"/> that records what it is told (null for a removal), can be made to refuse,
/// and notes when two calls overlap (the guard must serialise them).</summary>
internal sealed class RecordingKillSwitch : IKillSwitch
{
    private readonly Lock _gate = new();
    private int _inside;

    public string Name => "recording";

    /// <summary>Every apply (the policy) and removal (null), in order.</summary>
    public List<FirewallPolicy?> Calls { get; } = [];

    /// <summary>When set, the next calls throw this failure instead of changing anything.</summary>
    public FirewallException? Refuse { get; set; }

    /// <summary>How long each call takes (to give overlapping callers a chance to overlap).</summary>
    public TimeSpan Delay { get; set; }

    public bool Overlapped { get; private set; }

    public FirewallPolicy? Installed { get; private set; }

    public Task ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken = default) => RecordAsync(policy);

    public Task RemoveAsync(CancellationToken cancellationToken = default) => RecordAsync(null);

    public Task<bool> IsInstalledAsync(CancellationToken cancellationToken = default) => Task.FromResult(Installed is not null);

    private async Task RecordAsync(FirewallPolicy? policy)
    {
        if (Interlocked.Increment(ref _inside) > 1)
        {
            Overlapped = true;
        }

        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            if (Refuse is { } refusal)
            {
                throw refusal;
            }

            lock (_gate)
            {
                Calls.Add(policy);
                Installed = policy;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }
}
