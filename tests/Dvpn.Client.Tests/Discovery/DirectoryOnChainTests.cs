using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Rpc;
using Dvpn.Chain.Tokens;
using Dvpn.Client.Discovery;
using Dvpn.Client.Networking;
using Dvpn.Client.Options;
using Dvpn.Client.State;
using Dvpn.Devnet.Chain;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client.Tests.Discovery;

/// <summary>
/// Discovery against the real contracts on anvil (DevnetChain; needs DVPN_ANVIL or the contracts' npm install, and
/// fails loudly without it): paging over many providers, and the outage path that serves the disk cache.
/// </summary>
public sealed class DirectoryOnChainTests : IDisposable
{
    private static readonly BigInteger MinStake = BigInteger.Pow(10, 18);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<DevnetChain> StartChainAsync() =>
        DevnetChain.StartAsync(MinStake, unstakeDelay: TimeSpan.FromDays(1), withdrawDelay: TimeSpan.FromDays(1));

    /// <summary>Registers <paramref name="count"/> providers from fresh accounts; those with even index also stake the minimum (listed).</summary>
    private static async Task<List<string>> RegisterProvidersAsync(DevnetChain chain, int count)
    {
        var accounts = new List<ChainConnection>();
        for (int i = 0; i < count; i++)
        {
            accounts.Add(await chain.ConnectFreshAccountAsync(1)); // account 0 funds them one at a time
        }

        // One after the other: a registration's gas is estimated against the state before it, and a concurrent one
        // landing first (growing the Directory's arrays) could make it run out of gas.
        foreach ((ChainConnection account, int i) in accounts.Select((a, i) => (a, i)))
        {
            var directory = new DirectoryClient(account, chain.Contracts.Directory);
            await directory.RegisterAsync(new ProviderRegistration
            {
                Endpoint = new Uri($"https://10.0.{i / 250}.{(i % 250) + 1}:8443"),
                TlsFingerprint = RandomNumberGenerator.GetBytes(32),
                WireGuardPublicKey = RandomNumberGenerator.GetBytes(32),
                PricePerGiB = 1000 + i,
                Region = i % 3 == 0 ? "eu-de" : "us-east",
            });
            if (i % 2 == 0)
            {
                // The devnet token lets anyone mint: each provider stakes on itself.
                await new TokenClient(account, chain.Contracts.StakeToken).MintAsync(account.Address!, MinStake);
                await directory.StakeAsync(account.Address!, MinStake);
            }
        }

        return [.. accounts.Select(a => a.Address!)];
    }

    private ProviderCatalog Catalog(ChainConnection reader, string directory, int pageSize) =>
        ProviderCatalog.Create(new DirectoryClient(reader, directory), DevnetChain.ChainId, _dir.Path,
            new DiscoveryOptions { PageSize = pageSize }, new SelectionOptions(), new ClientNetwork(null),
            _ => [], () => null, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task List_ThirtyProvidersReadInPagesOfSeven_ReturnsEveryOneWithItsListing()
    {
        await using DevnetChain chain = await StartChainAsync();
        List<string> registered = await RegisterProvidersAsync(chain, 30);
        ChainConnection reader = await chain.ConnectReadOnlyAsync();

        ProviderList list = await Catalog(reader, chain.Contracts.Directory, pageSize: 7).ListAsync();

        Assert.False(list.FromCache);
        Assert.Equal(0, list.Rejected);
        Assert.Equal(registered.Order(StringComparer.OrdinalIgnoreCase), list.Providers.Select(p => p.Address).Order(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        Assert.Equal(15, list.Providers.Count(p => p.Listed));
        Assert.All(list.Providers.Where(p => p.Listed), p => Assert.Equal(MinStake, p.Stake));
        Assert.True(list.BlockNumber > 0);
        Assert.True(File.Exists(_dir.File(DirectoryCacheFile.FileName)));
    }

    [Fact]
    public async Task List_RpcNodeGone_IsServedFromTheDiskCacheWithFromCacheTrue()
    {
        string directoryAddress;
        List<string> registered;
        ProviderList before;
        ChainConnection reader;
        await using (DevnetChain chain = await StartChainAsync())
        {
            registered = await RegisterProvidersAsync(chain, 3);
            directoryAddress = chain.Contracts.Directory;
            // Few, quick retries: the node is going away and the test is about the fallback, not the retry policy.
            reader = await ChainConnection.ConnectAsync([chain.RpcUrl], options: new RpcFailoverOptions { MaxRetries = 1, InitialDelay = TimeSpan.FromMilliseconds(10) });
            before = await Catalog(reader, directoryAddress, pageSize: 2).RefreshAsync();
        }

        // A client started after the node went away: the cache is all it has.
        ProviderCatalog restarted = Catalog(reader, directoryAddress, pageSize: 2);
        await restarted.InitializeAsync(CancellationToken.None);
        ProviderList list = await restarted.ListAsync();

        Assert.True(list.FromCache);
        Assert.Equal(before.BlockNumber, list.BlockNumber);
        Assert.Equal(registered.Order(StringComparer.OrdinalIgnoreCase), list.Providers.Select(p => p.Address).Order(StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);
        Assert.Equal(before.Providers.Select(p => p.TlsFingerprint), list.Providers.Select(p => p.TlsFingerprint));
        DvpnClientException e = await Assert.ThrowsAsync<DvpnClientException>(() => restarted.RefreshAsync());
        Assert.Equal(ErrorCause.ChainUnavailable, e.Cause);
        Assert.True(e.IsTransient);
    }
}
