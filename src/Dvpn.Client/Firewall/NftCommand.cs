using Dvpn.Client.Networking;

namespace Dvpn.Client.Firewall;

/// <summary>
/// Runs <c>nft</c> to completion behind an optional prefix (<c>ip netns exec NAME</c>), from an argument list (never
/// a shell), with an optional script on standard input and a deadline.
/// </summary>
internal static class NftCommand
{
    /// <summary>Runs <c>prefix.. nftPath arguments..</c>, writing <paramref name="standardInput"/> to it.</summary>
    /// <exception cref="FirewallException">The program cannot be started (<see cref="FirewallFailure.ToolMissing"/>)
    /// or does not finish within <paramref name="timeout"/> (<see cref="FirewallFailure.TimedOut"/>).</exception>
    public static async Task<ToolProcess.Result> RunAsync(IReadOnlyList<string> prefix, string nftPath, IReadOnlyList<string> arguments,
        string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        List<string> argv = [.. prefix, nftPath, .. arguments];
        ToolProcess.Result result = await ToolProcess.RunAsync(argv, standardInput, timeout,
            e => new FirewallException(FirewallFailure.ToolMissing, $"cannot run '{argv[0]}': {e.Message}. The kill switch needs nftables (apt install nftables).", e),
            () => new FirewallException(FirewallFailure.TimedOut, $"'{string.Join(' ', argv)}' did not finish within {timeout}"),
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && prefix.Count > 0 && result.StandardError.StartsWith("exec of \"", StringComparison.Ordinal))
        {
            // 'ip netns exec' could not exec nft; it says so before nft ever ran.
            throw new FirewallException(FirewallFailure.ToolMissing,
                $"cannot run '{nftPath}' inside the network namespace: {result.StandardError.Trim()}. The kill switch needs nftables.");
        }

        return result;
    }
}
