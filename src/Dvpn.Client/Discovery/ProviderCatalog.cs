using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Networking;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Dvpn.Client.State;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Discovery;

/// <summary>
/// The providers listed in the Directory contract, cached on disk so that the client can connect while the chain
/// cannot be read, and the selection of one of them for a connection (filtered by the standing options, the request
/// and the spending policy; stake-weighted; probed for reachability).
/// </summary>
public sealed class ProviderCatalog
{
    private readonly ProviderDirectory _directory;
    private readonly ProviderSelector _selector;
    private readonly SelectionOptions _selection;
    private readonly Func<DateTimeOffset, IReadOnlyList<ProviderMark>> _marks;
    private readonly Func<BigInteger?> _policyMaxPrice;
    private readonly TimeProvider _time;

    private ProviderCatalog(ProviderDirectory directory, ProviderSelector selector, SelectionOptions selection,
        Func<DateTimeOffset, IReadOnlyList<ProviderMark>> marks, Func<BigInteger?> policyMaxPrice, TimeProvider time)
    {
        _directory = directory;
        _selector = selector;
        _selection = selection;
        _marks = marks;
        _policyMaxPrice = policyMaxPrice;
        _time = time;
        _directory.Refreshed += state => Refreshed?.Invoke(ToList(state));
    }

    /// <summary>The catalog for the Directory on chain <paramref name="chainId"/>; the cache is <c>providers.json</c> in <paramref name="cachePath"/>.</summary>
    internal static ProviderCatalog Create(DirectoryClient directory, ulong chainId, string cachePath, DiscoveryOptions discovery,
        SelectionOptions selection, ClientNetwork network, Func<DateTimeOffset, IReadOnlyList<ProviderMark>> marks,
        Func<BigInteger?> policyMaxPrice, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var probe = new TcpLatencyProbe(network, selection.ProbeTimeout, time, loggerFactory.CreateLogger<TcpLatencyProbe>());
        return Create(new ChainDirectorySource(directory, chainId, discovery.PageSize), cachePath, discovery, selection, probe,
            marks, policyMaxPrice, CryptoUniformRandom.Instance, time, loggerFactory);
    }

    /// <summary>The catalog over any snapshot source, probe and randomness (tests).</summary>
    internal static ProviderCatalog Create(IDirectorySource source, string cachePath, DiscoveryOptions discovery, SelectionOptions selection,
        ILatencyProbe probe, Func<DateTimeOffset, IReadOnlyList<ProviderMark>> marks, Func<BigInteger?> policyMaxPrice,
        IUniformRandom random, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(cachePath);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(policyMaxPrice);
        var directory = new ProviderDirectory(source, cachePath, discovery, time, loggerFactory.CreateLogger<ProviderDirectory>());
        var selector = new ProviderSelector(selection.ProbeCandidates, probe, random, loggerFactory.CreateLogger<ProviderSelector>());
        return new ProviderCatalog(directory, selector, selection, marks, policyMaxPrice, time);
    }

    /// <summary>Raised after each successful read of the Directory (background or on demand).</summary>
    internal event Action<ProviderList>? Refreshed;

    /// <summary>
    /// The provider list: the last read if it is younger than <see cref="DiscoveryOptions.RefreshInterval"/>, else read
    /// now; when the read fails, the last list (from the disk cache after a restart) as long as it is younger than
    /// <see cref="DiscoveryOptions.MaxCacheAge"/>.
    /// </summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/> (transient): the chain cannot be
    /// read and there is no usable list.</exception>
    public async Task<ProviderList> ListAsync(CancellationToken cancellationToken = default) =>
        ToList(await _directory.GetAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Reads the Directory now. A failed read keeps the list held (which <see cref="ListAsync"/> still serves).</summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/> (transient): the read failed.</exception>
    public async Task<ProviderList> RefreshAsync(CancellationToken cancellationToken = default) =>
        ToList(await _directory.RefreshAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>One provider (address compared case-insensitively); null when it is not in the list.</summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: as for <see cref="ListAsync"/>.</exception>
    public async Task<ProviderInfo?> GetAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ProviderList list = await ListAsync(cancellationToken).ConfigureAwait(false);
        return list.Providers.FirstOrDefault(p => p.Address.Equals(address.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What a connect would pick now, without connecting: the same filter, stake-weighted draw and TCP probes (so the
    /// choice is one possible outcome, not a promise).
    /// </summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: as for <see cref="ListAsync"/>.</exception>
    public async Task<SelectionPreview> PreviewSelectionAsync(SelectionRequest? request = null, CancellationToken cancellationToken = default) =>
        (await RunSelectionAsync(request, new HashSet<string>(), cancellationToken).ConfigureAwait(false)).Preview;

    /// <summary>TCP connect time to the provider's endpoint; null when it does not answer in time or is not in the list.</summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: as for <see cref="ListAsync"/>.</exception>
    public async Task<TimeSpan?> ProbeAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        DirectoryState state = await _directory.GetAsync(cancellationToken).ConfigureAwait(false);
        ProviderListing? listing = state.Listings.FirstOrDefault(p => p.Address.Equals(address.Trim(), StringComparison.OrdinalIgnoreCase));
        return listing is null ? null : await _selector.Probe.ProbeAsync(listing.Endpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the disk cache (if any) and starts nothing; called once at client start. Never fails on a bad cache.</summary>
    internal Task InitializeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _directory.LoadCache();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads at once, then every <see cref="DiscoveryOptions.RefreshInterval"/> until cancelled; failures are logged and
    /// retried sooner (15 s, doubling up to the interval). Completes normally when cancelled.
    /// </summary>
    internal Task RunRefreshLoopAsync(CancellationToken cancellationToken) => _directory.RunRefreshLoopAsync(cancellationToken);

    /// <summary>
    /// Picks a provider for a connection; null when none is eligible or none answers a probe (the reasons are logged).
    /// <paramref name="exclude"/> holds the providers that failed in this connect round.
    /// </summary>
    /// <exception cref="DvpnClientException"><see cref="ErrorCause.ChainUnavailable"/>: as for <see cref="ListAsync"/>.</exception>
    internal async Task<ProviderListing?> SelectAsync(SelectionRequest? request, IReadOnlySet<string> exclude, CancellationToken cancellationToken) =>
        (await RunSelectionAsync(request, exclude, cancellationToken).ConfigureAwait(false)).Choice;

    private async Task<SelectionOutcome> RunSelectionAsync(SelectionRequest? request, IReadOnlySet<string> exclude, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        DirectoryState state = await _directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var constraints = SelectionConstraints.Build(_selection, request, _policyMaxPrice(), _marks(_time.GetUtcNow()), exclude);
        return await _selector.SelectAsync(state.Listings, constraints, cancellationToken).ConfigureAwait(false);
    }

    private ProviderList ToList(DirectoryState state)
    {
        var marks = new Dictionary<string, ProviderMark>(StringComparer.OrdinalIgnoreCase);
        foreach (ProviderMark mark in _marks(_time.GetUtcNow()))
        {
            if (!marks.TryGetValue(mark.Address, out ProviderMark? held) || mark.Until > held.Until)
            {
                marks[mark.Address] = mark;
            }
        }

        var providers = new List<ProviderInfo>(state.Listings.Count);
        foreach (ProviderListing p in state.Listings)
        {
            marks.TryGetValue(p.Address, out ProviderMark? mark);
            providers.Add(new ProviderInfo(p.Address, p.Endpoint, p.Region, p.PricePerGiB, p.Stake, p.Listed,
                Convert.ToBase64String(p.WireGuardPublicKey.AsSpan()), Convert.ToHexStringLower(p.TlsFingerprint.AsSpan()),
                mark?.Until, mark is null ? null : $"{mark.Reason}: {mark.Detail}"));
        }

        return new ProviderList(state.BlockNumber, state.FetchedAt, state.FromCache, providers, state.Rejected);
    }
}
