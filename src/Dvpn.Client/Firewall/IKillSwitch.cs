namespace Dvpn.Client.Firewall;

/// <summary>
/// A platform's fail-closed firewall: nftables on Linux (<see cref="NftKillSwitch"/>), WFP on Windows. One policy is in
/// force at a time; applying a new one replaces the old one in one transaction, so there is never a moment without
/// rules.
/// </summary>
internal interface IKillSwitch
{
    /// <summary>The backend's name as the daemon reports it: <c>nftables</c>, <c>wfp</c>.</summary>
    string Name { get; }

    /// <summary>Installs <paramref name="policy"/>, atomically replacing whatever policy of ours is in force.</summary>
    /// <exception cref="FirewallException">The platform refused it; the previous policy (if any) is still in force.</exception>
    Task ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Removes every rule of ours; idempotent.</summary>
    Task RemoveAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether rules of ours are installed (e.g. left by a crashed run).</summary>
    Task<bool> IsInstalledAsync(CancellationToken cancellationToken = default);
}
