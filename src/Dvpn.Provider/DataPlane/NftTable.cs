namespace Dvpn.Provider.DataPlane;

/// <summary>Installs and removes a tunnel's <see cref="NftRuleset"/> with <c>nft -f -</c> (one atomic transaction each).</summary>
internal sealed class NftTable
{
    private const string MissingHint = "The provider needs nftables: install it (apt install nftables) or set the path.";

    private readonly NftRuleset _ruleset;
    private readonly IReadOnlyList<string> _prefix;
    private readonly string _nftPath;

    public NftTable(NftRuleset ruleset, IReadOnlyList<string> prefix, string nftPath)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(nftPath);
        _ruleset = ruleset;
        _prefix = prefix;
        _nftPath = nftPath;
    }

    /// <summary>The table's name (family <c>inet</c>).</summary>
    public string Name => _ruleset.TableName;

    /// <summary>Creates the table, replacing one of the same name left by an earlier run.</summary>
    /// <exception cref="DataPlaneException">nft is missing or refuses the rules.</exception>
    public async Task InstallAsync(CancellationToken cancellationToken)
    {
        HostCommand.Result result = await RunAsync(_ruleset.BuildInstallScript(), cancellationToken);
        if (!result.Succeeded)
        {
            throw new DataPlaneException(
                $"nft refused the forwarding and NAT rules of table inet {Name}: {result.StandardError.Trim()} (needs root or CAP_NET_ADMIN, and nf_tables in the kernel)");
        }
    }

    /// <summary>Deletes the table; true when it was deleted, false when there was none.</summary>
    /// <exception cref="DataPlaneException">nft is missing or fails for another reason.</exception>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken)
    {
        HostCommand.Result result = await RunAsync(_ruleset.BuildRemoveScript(), cancellationToken);
        if (result.Succeeded)
        {
            return true;
        }

        if (result.StandardError.Contains("No such file or directory", StringComparison.Ordinal))
        {
            return false;
        }

        throw new DataPlaneException($"nft could not delete table inet {Name}: {result.StandardError.Trim()}");
    }

    /// <summary>Stops forwarding for a session's addresses.</summary>
    /// <exception cref="DataPlaneException">nft is missing or refuses.</exception>
    public Task CutAsync(SessionAddresses addresses, CancellationToken cancellationToken) =>
        ApplyAsync(_ruleset.BuildCutScript(addresses), "cut off", cancellationToken);

    /// <summary>Forgets a session's cut (its peer is gone).</summary>
    /// <exception cref="DataPlaneException">nft is missing or refuses.</exception>
    public Task UncutAsync(SessionAddresses addresses, CancellationToken cancellationToken) =>
        ApplyAsync(_ruleset.BuildUncutScript(addresses), "forget the cut of", cancellationToken);

    private async Task ApplyAsync(string script, string what, CancellationToken cancellationToken)
    {
        HostCommand.Result result = await RunAsync(script, cancellationToken);
        if (!result.Succeeded)
        {
            throw new DataPlaneException($"nft could not {what} a session in table inet {Name}: {result.StandardError.Trim()}");
        }
    }

    private Task<HostCommand.Result> RunAsync(string script, CancellationToken cancellationToken) =>
        HostCommand.RunAsync(_prefix, [_nftPath, "-f", "-"], script, MissingHint, cancellationToken);
}
