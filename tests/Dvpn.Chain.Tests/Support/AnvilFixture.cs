using System.Numerics;
using Dvpn.Chain.Tokens;
using Dvpn.Devnet;
using Nethereum.Signer;

namespace Dvpn.Chain.Tests.Support;

/// <summary>
/// One anvil per test collection, with the contracts deployed. Account 0 deploys; tests take other accounts by
/// role. Tests that change shared state use fresh signers or providers so that they do not see each other.
/// </summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    public static readonly BigInteger MinStake = 100 * BigInteger.Pow(10, 18); // 100 tokens
    public static readonly TimeSpan UnstakeDelay = TimeSpan.FromDays(7);
    public static readonly TimeSpan WithdrawDelay = TimeSpan.FromDays(1);

    private AnvilNode? _node;

    public AnvilNode Node => _node ?? throw new InvalidOperationException("anvil is not running");

    public DeployedContracts Contracts { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _node = await AnvilNode.StartAsync();
        ChainConnection deployer = await ConnectAsync(0);
        Contracts = await ContractDeployer.DeployDevnetAsync(deployer, MinStake, UnstakeDelay, WithdrawDelay);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    /// <summary>A connection that sends transactions from development account <paramref name="account"/>.</summary>
    public Task<ChainConnection> ConnectAsync(int account) =>
        ChainConnection.ConnectAsync([Node.RpcUrl], AnvilNode.Key(account));

    /// <summary>A fresh account with 10 devnet ether, connected to send transactions.</summary>
    public async Task<ChainConnection> ConnectFreshAsync()
    {
        EthECKey key = EthECKey.GenerateKey();
        var bank = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(AnvilNode.Key(0), AnvilNode.ChainId), Node.RpcUrl.ToString());
        await bank.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(key.GetPublicAddress(), 10m);
        return await ChainConnection.ConnectAsync([Node.RpcUrl], key);
    }

    /// <summary>Mints stake/test tokens to <paramref name="to"/>.</summary>
    public async Task MintAsync(string to, BigInteger amount)
    {
        ChainConnection deployer = await ConnectAsync(0);
        await new TokenClient(deployer, Contracts.StakeToken).MintAsync(to, amount);
    }
}

[CollectionDefinition(Name)]
public sealed class AnvilCollection : ICollectionFixture<AnvilFixture>
{
    public const string Name = "anvil";
}
