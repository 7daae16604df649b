using System.Numerics;
using Dvpn.Chain;
using Dvpn.Devnet;
using Nethereum.Signer;

namespace Dvpn.Provider.Tests.Support;

/// <summary>
/// One anvil for the claim tests, with the contracts deployed by development account 0. Each test takes fresh
/// accounts (provider, funder) and a fresh signer key, so tests that share the chain never share replay records.
/// </summary>
public sealed class ClaimsAnvilFixture : IAsyncLifetime
{
    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("anvil is not running");

    public DeployedContracts Contracts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // AnvilNode.StartAsync throws when the binary is missing: the tests fail loudly, they are never skipped.
        _node = await AnvilNode.StartAsync();
        ChainConnection deployer = await ChainConnection.ConnectAsync([Node.RpcUrl], AnvilNode.Key(0));
        Contracts = await ContractDeployer.DeployDevnetAsync(deployer, 100 * BigInteger.Pow(10, 18), TimeSpan.FromDays(7), TimeSpan.FromDays(1));
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    /// <summary>A fresh account holding 10 devnet ether, connected to send transactions.</summary>
    public async Task<ChainConnection> ConnectFreshAsync()
    {
        EthECKey key = EthECKey.GenerateKey();
        var bank = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(AnvilNode.Key(0), AnvilNode.ChainId), Node.RpcUrl.ToString());
        await bank.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(key.GetPublicAddress(), 10m);
        return await ChainConnection.ConnectAsync([Node.RpcUrl], key);
    }
}

[CollectionDefinition(Name)]
public sealed class ClaimsAnvilCollection : ICollectionFixture<ClaimsAnvilFixture>
{
    public const string Name = "claims-anvil";
}
