using Dvpn.Client.Persistence;

namespace Dvpn.Client.Spending;

/// <summary>The spending policy in force and the ledger's totals (see <see cref="DvpnClient.Spending"/>).</summary>
public sealed class SpendingControl
{
    private readonly ClientStore _store;
    private readonly Func<string?> _currentSession;
    private SpendPolicy _policy;

    internal SpendingControl(ClientStore store, SpendPolicy configured, Func<string?> currentSession)
    {
        _store = store;
        _currentSession = currentSession;
        _policy = store.GetPolicy() ?? configured;
    }

    /// <summary>The policy in force: the last one set with <see cref="SetPolicy"/> (persisted), else the configured one.</summary>
    public SpendPolicy Policy => Volatile.Read(ref _policy);

    /// <summary>Raised after <see cref="SetPolicy"/>: a client blocked at a cap tries again under the new policy.</summary>
    internal event Action? PolicyChanged;

    /// <summary>Replaces the policy (persisted); it applies to the next ticket, and a client blocked at a cap (action
    /// Block) tries again under it.</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public void SetPolicy(SpendPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        _store.SetPolicy(policy);
        Volatile.Write(ref _policy, policy);
        PolicyChanged?.Invoke();
    }

    /// <summary>Spend so far, from the ledger.</summary>
    public SpendSummary GetSummary() => _store.GetSpendSummary(Policy, _currentSession());
}
