using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain;
using Dvpn.Chain.Providers;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Providers;
using Nethereum.Signer;

namespace Dvpn.Devnet.Lab;

/// <summary>What every lab (the client lab, the leak lab) does the same way to put a provider on the devnet.</summary>
[SupportedOSPlatform("linux")]
public static class LabProviderSetup
{
    /// <summary>
    /// A fresh provider key funded by development account 0 (so tests never share one) and staked with
    /// <paramref name="stake"/> in the Directory. <paramref name="bankGate"/> serialises account 0's transactions.
    /// </summary>
    public static async Task<EthECKey> CreateStakedKeyAsync(DevnetChain chain, BigInteger stake, SemaphoreSlim bankGate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(bankGate);
        await bankGate.WaitAsync(cancellationToken);
        try
        {
            EthECKey key = await chain.CreateFundedKeyAsync(100, cancellationToken);
            ChainConnection deployer = await chain.ConnectAsync(0, cancellationToken);
            await chain.MintStakeTokenAsync(deployer.Address!, stake, cancellationToken);
            await new DirectoryClient(deployer, chain.Contracts.Directory).StakeAsync(key.GetPublicAddress(), stake, cancellationToken);
            return key;
        }
        finally
        {
            bankGate.Release();
        }
    }

    /// <summary>
    /// Starts a provider with <paramref name="key"/> on a new site: the site, then its settings, then the process
    /// (waiting for its READY=1). On failure the site and the identity are released again.
    /// </summary>
    public static async Task<LabProvider> StartAsync(int index, EthECKey key, LabProviderSpec spec,
        Func<CancellationToken, Task<ProviderSite>> createSite, Func<ProviderSite, ProviderIdentity, ProviderSettings> settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createSite);
        ArgumentNullException.ThrowIfNull(settings);
        ProviderIdentity identity = ProviderIdentity.Create(key);
        ProviderSite? site = null;
        try
        {
            site = await createSite(cancellationToken);
            ProviderProcess process = await ProviderProcess.StartAsync(site, settings(site, identity), cancellationToken: cancellationToken);
            return new LabProvider(index, identity, site, process, spec);
        }
        catch
        {
            if (site is not null)
            {
                await site.DisposeAsync();
            }

            identity.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The lab's provider settings on top of the site's: the listing's price and region, the minimum account a client
    /// needs, claims never held back by gas price, metrics on the site's loopback, and room for quick reconnects.
    /// </summary>
    public static ProviderSettings WithLabDefaults(this ProviderSettings settings, BigInteger pricePerGiB, string region)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings
            .Set("Listing:PricePerGiB", pricePerGiB)
            .Set("Listing:Region", region)
            .Set("Payment:MinBalance", ClientLab.Ether)
            .Set("Payment:MinEscrow", ClientLab.Ether / 10)
            .Set("Claims:MaxGasPrice", 5_000_000_000) // above anvil's, so claims are never held back
            .Set("Metrics:Listen", LabProvider.MetricsEndPoint.ToString())
            .Set("Limits:OpenBurst", 20);
    }
}
