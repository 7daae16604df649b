using System.Security.Cryptography;
using Dvpn.Chain.Providers;
using Dvpn.Devnet;

namespace Dvpn.Chain.Tests;

/// <summary>
/// Discovery must survive entries too large for one <c>eth_call</c>: a node with a small gas cap (anvil's block gas
/// limit caps its calls) and providers that publish maximum-size fields, as a spammer would.
/// </summary>
public sealed class DirectoryPagingTests
{
    /// <summary>About three maximum-size entries fit in one call under this cap.</summary>
    private const long CallGasCap = 400_000;

    [Fact]
    public async Task Snapshot_PagesOverTheNodesCallGasCap_AreSplitAndEveryEntryIsStillRead()
    {
        await using AnvilNode anvil = await AnvilNode.StartAsync();
        ChainConnection owner = await ChainConnection.ConnectAsync([anvil.RpcUrl], AnvilNode.Key(0));
        string token = await ContractDeployer.DeployTestTokenAsync(owner);
        string directory = await ContractDeployer.DeployDirectoryAsync(owner, token, 1, TimeSpan.FromDays(1));
        var registered = new List<string>();
        for (int i = 1; i < AnvilNode.AccountCount; i++)
        {
            ChainConnection provider = await ChainConnection.ConnectAsync([anvil.RpcUrl], AnvilNode.Key(i));
            await new DirectoryClient(provider, directory).RegisterAsync(new ProviderRegistration
            {
                // Maximum sizes: a 256-byte endpoint, a 16-byte region, 1024 bytes of metadata.
                Endpoint = new Uri($"https://p{i}.example/{new string('a', 256 - "https://pN.example/".Length)}"),
                TlsFingerprint = RandomNumberGenerator.GetBytes(32),
                WireGuardPublicKey = RandomNumberGenerator.GetBytes(32),
                PricePerGiB = i,
                Region = new string('r', 16),
                Metadata = RandomNumberGenerator.GetBytes(1024),
            });
            registered.Add(provider.Address!);
        }

        await anvil.SetBlockGasLimitAsync(CallGasCap);

        // The whole directory in one call is over the cap: the client has to split.
        await Assert.ThrowsAnyAsync<ChainException>(() => owner.QueryDtoAsync<Contracts.ProvidersPageFunction, Contracts.ProvidersPageOutput>(
            directory, new Contracts.ProvidersPageFunction { Offset = 0, Limit = 9 }, "providersPage", CancellationToken.None));

        ProviderSnapshot snapshot = await new DirectoryClient(owner, directory).GetSnapshotAsync(pageSize: 9);

        Assert.Empty(snapshot.Rejected);
        Assert.Equal(registered.Order(StringComparer.OrdinalIgnoreCase), snapshot.Providers.Select(p => p.Address).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(snapshot.Providers, p => Assert.Equal(1024, p.Metadata.Length));
    }
}
