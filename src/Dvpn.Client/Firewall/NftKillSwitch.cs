using Dvpn.Client.Networking;

namespace Dvpn.Client.Firewall;

/// <summary>
/// Installs, replaces and removes the kill switch table (<see cref="NftKillSwitchRuleset"/>) with <c>nft -f -</c>,
/// one atomic transaction each, optionally inside a network namespace (a prefix such as <c>ip netns exec NAME</c>).
/// </summary>
/// <remarks>Calls are not serialised here: the tunnel state machine that owns the kill switch applies one policy at a
/// time.</remarks>
internal sealed class NftKillSwitch : IKillSwitch
{
    /// <summary>How long one nft run may take before it counts as hung.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly IReadOnlyList<string> _prefix;
    private readonly string _nftPath;
    private readonly TimeSpan _timeout;

    /// <summary>A kill switch that runs <paramref name="nftPath"/> behind <paramref name="prefix"/> (empty: none).</summary>
    public NftKillSwitch(IReadOnlyList<string>? prefix = null, string nftPath = "nft", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nftPath);
        _prefix = prefix ?? [];
        _nftPath = nftPath;
        _timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero, nameof(timeout));
    }

    /// <inheritdoc/>
    public string Name => "nftables";

    /// <summary>Installs <paramref name="policy"/>, replacing the table of an earlier policy (or of a crashed run)
    /// in the same transaction: there is no moment without rules.</summary>
    /// <exception cref="ArgumentException">The policy holds an invalid value (nothing was changed).</exception>
    /// <exception cref="FirewallException">nft is missing, the caller is not root, or nft refused the script (the
    /// previous table, if any, is still in place).</exception>
    public async Task ApplyAsync(FirewallPolicy policy, CancellationToken cancellationToken = default)
    {
        string script = new NftKillSwitchRuleset(policy).BuildApplyScript();
        ToolProcess.Result result = await RunAsync(["-f", "-"], script, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(result, "install the kill switch");
    }

    /// <summary>Removes the table; does nothing when there is none.</summary>
    /// <exception cref="FirewallException">nft is missing, the caller is not root, or nft failed.</exception>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        ToolProcess.Result result = await RunAsync(["-f", "-"], NftKillSwitchRuleset.BuildRemoveScript(), cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(result, "remove the kill switch");
    }

    /// <summary>True when the table exists (whatever policy it holds).</summary>
    /// <exception cref="FirewallException">nft is missing, the caller is not root, or nft failed otherwise.</exception>
    public async Task<bool> IsInstalledAsync(CancellationToken cancellationToken = default)
    {
        ToolProcess.Result result = await RunAsync(["list", "table", "inet", NftKillSwitchRuleset.TableName], null, cancellationToken)
            .ConfigureAwait(false);
        if (result.Succeeded)
        {
            return true;
        }

        if (result.StandardError.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return false;
        }

        ThrowIfFailed(result, "read the kill switch table");
        return false;
    }

    /// <summary>The packets a named counter of the table has counted (see <see cref="NftKillSwitchRuleset"/>'s
    /// <c>Dropped*Counter</c> names), for diagnostics and the leak test.</summary>
    /// <exception cref="FirewallException">The table or counter does not exist, or nft failed.</exception>
    public async Task<long> ReadCounterAsync(string counterName, CancellationToken cancellationToken = default)
    {
        if (counterName is not (NftKillSwitchRuleset.DroppedOutputCounter or NftKillSwitchRuleset.DroppedInputCounter
            or NftKillSwitchRuleset.DroppedForwardCounter or NftKillSwitchRuleset.DroppedDnsCounter))
        {
            throw new ArgumentException($"'{counterName}' is not a counter of the kill switch table.", nameof(counterName));
        }

        ToolProcess.Result result = await RunAsync(["list", "counter", "inet", NftKillSwitchRuleset.TableName, counterName], null, cancellationToken)
            .ConfigureAwait(false);
        ThrowIfFailed(result, $"read counter {counterName}");
        return NftCounterText.TryReadPackets(result.StandardOutput, out long packets)
            ? packets
            : throw new FirewallException(FirewallFailure.Refused, $"nft printed no packet count for counter {counterName}: {result.StandardOutput.Trim()}");
    }

    private Task<ToolProcess.Result> RunAsync(IReadOnlyList<string> arguments, string? script, CancellationToken cancellationToken) =>
        NftCommand.RunAsync(_prefix, _nftPath, arguments, script, _timeout, cancellationToken);

    private static void ThrowIfFailed(ToolProcess.Result result, string what)
    {
        if (result.Succeeded)
        {
            return;
        }

        string error = result.StandardError.Trim();
        FirewallFailure failure = error.Contains("Operation not permitted", StringComparison.Ordinal)
            ? FirewallFailure.PermissionDenied
            : FirewallFailure.Refused;
        string hint = failure == FirewallFailure.PermissionDenied
            ? " (the kill switch needs root or CAP_NET_ADMIN)"
            : " (needs nf_tables in the kernel)";
        throw new FirewallException(failure, $"nft could not {what} (table inet {NftKillSwitchRuleset.TableName}): {error}{hint}");
    }
}
