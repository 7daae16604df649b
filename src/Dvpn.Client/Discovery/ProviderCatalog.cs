using System.Numerics;
using Dvpn.Chain.Providers;
using Dvpn.Client.Networking;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Selection;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Discovery;

/// <summary>STUB (owned by the discovery/selection work): providers, their cache, and selection.</summary>
public sealed class ProviderCatalog
{
    private ProviderCatalog()
    {
    }

    internal static ProviderCatalog Create(DirectoryClient directory, string cachePath, DiscoveryOptions discovery, SelectionOptions selection,
        ClientNetwork network, Func<DateTimeOffset, IReadOnlyList<ProviderMark>> marks, Func<BigInteger?> policyMaxPrice,
        TimeProvider time, ILoggerFactory loggerFactory) => throw new NotImplementedException();

    /// <summary>Raised after each successful read of the Directory (background or on demand).</summary>
    internal event Action<ProviderList>? Refreshed;

    /// <summary>The provider list: the last read if fresh enough, else read now (falling back to the disk cache).</summary>
    public Task<ProviderList> ListAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Reads the Directory now.</summary>
    public Task<ProviderList> RefreshAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>One provider; null when it is not in the list.</summary>
    public Task<ProviderInfo?> GetAsync(string address, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>What a connect would pick now, without connecting.</summary>
    public Task<SelectionPreview> PreviewSelectionAsync(SelectionRequest? request = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>TCP connect time to the provider's endpoint; null when it does not answer in time.</summary>
    public Task<TimeSpan?> ProbeAsync(string address, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Loads the disk cache (if any) and starts nothing; called once at client start.</summary>
    internal Task InitializeAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Refreshes every <see cref="DiscoveryOptions.RefreshInterval"/> until cancelled; failures are logged and retried.</summary>
    internal Task RunRefreshLoopAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Picks a provider for a connection; null when none is eligible or none answers a probe.</summary>
    internal Task<ProviderListing?> SelectAsync(SelectionRequest? request, IReadOnlySet<string> exclude, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    private void OnRefreshed(ProviderList list) => Refreshed?.Invoke(list);
}
