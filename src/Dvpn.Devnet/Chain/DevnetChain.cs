using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Tokens;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Dvpn.Devnet.Chain;

/// <summary>
/// A throwaway devnet for tests that need the real contracts: anvil on a free loopback port (<see cref="AnvilNode"/>)
/// with a TestToken, a Directory staking in it and a Lottery deployed from development account 0. Fails loudly when
/// anvil is missing (never skips). Dispose kills anvil by its PID.
/// </summary>
public sealed class DevnetChain : IAsyncDisposable
{
    // Account 0 pays for fresh accounts; its transfers go one at a time so that no two take the same nonce.
    private readonly SemaphoreSlim _fundingGate = new(1, 1);

    private DevnetChain(AnvilNode node, DeployedContracts contracts, BigInteger minStake, TimeSpan withdrawDelay)
    {
        Node = node;
        Contracts = contracts;
        MinStake = minStake;
        WithdrawDelay = withdrawDelay;
    }

    /// <summary>The anvil process.</summary>
    public AnvilNode Node { get; }

    /// <summary>The JSON-RPC URL on the root namespace's loopback.</summary>
    public Uri RpcUrl => Node.RpcUrl;

    /// <summary>The EIP-155 chain id.</summary>
    public static ulong ChainId => AnvilNode.ChainId;

    /// <summary>The deployed Lottery, Directory and stake token.</summary>
    public DeployedContracts Contracts { get; }

    /// <summary>The Directory's minimum stake.</summary>
    public BigInteger MinStake { get; }

    /// <summary>The Lottery's warn-to-withdraw delay.</summary>
    public TimeSpan WithdrawDelay { get; }

    /// <summary>Starts anvil and deploys the contracts.</summary>
    /// <param name="minStake">The Directory's minimum stake, in stake-token units.</param>
    /// <param name="unstakeDelay">The Directory's unstake delay.</param>
    /// <param name="withdrawDelay">The Lottery's warn-to-withdraw delay.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<DevnetChain> StartAsync(BigInteger minStake, TimeSpan unstakeDelay, TimeSpan withdrawDelay,
        CancellationToken cancellationToken = default)
    {
        AnvilNode node = await AnvilNode.StartAsync(cancellationToken: cancellationToken);
        try
        {
            ChainConnection deployer = await ChainConnection.ConnectAsync([node.RpcUrl], AnvilNode.Key(0), cancellationToken: cancellationToken);
            DeployedContracts contracts = await ContractDeployer.DeployDevnetAsync(deployer, minStake, unstakeDelay, withdrawDelay, cancellationToken);
            return new DevnetChain(node, contracts, minStake, withdrawDelay);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>The key of development account <paramref name="index"/> (0 deploys; each holds 10,000 devnet ether).</summary>
    public static EthECKey Key(int index) => AnvilNode.Key(index);

    /// <summary>The address of development account <paramref name="index"/>.</summary>
    public static string Address(int index) => AnvilNode.Key(index).GetPublicAddress();

    /// <summary>A connection that sends transactions from development account <paramref name="account"/>.</summary>
    public Task<ChainConnection> ConnectAsync(int account, CancellationToken cancellationToken = default) =>
        ChainConnection.ConnectAsync([RpcUrl], AnvilNode.Key(account), cancellationToken: cancellationToken);

    /// <summary>A read-only connection.</summary>
    public Task<ChainConnection> ConnectReadOnlyAsync(CancellationToken cancellationToken = default) =>
        ChainConnection.ConnectAsync([RpcUrl], cancellationToken: cancellationToken);

    /// <summary>
    /// A new account (a fresh random key) holding <paramref name="ether"/> devnet ether, paid by development account
    /// 0, connected to send transactions. Tests that share one chain each take fresh accounts, so that they never share
    /// nonces, balances or on-chain records. Calls may overlap one another, but not other transactions that account 0
    /// sends at the same moment (<see cref="MintStakeTokenAsync"/>, <see cref="ConnectAsync"/>(0)): they would race for its nonce.
    /// </summary>
    /// <param name="ether">The balance to give it, in ether (default 10).</param>
    /// <param name="cancellationToken">Cancels waiting for account 0 and connecting; a transfer once sent is waited for.</param>
    public async Task<ChainConnection> ConnectFreshAccountAsync(decimal ether = 10, CancellationToken cancellationToken = default)
    {
        EthECKey key = await CreateFundedKeyAsync(ether, cancellationToken);
        return await ChainConnection.ConnectAsync([RpcUrl], key, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The key of a new account holding <paramref name="ether"/> devnet ether, paid by development account 0, for a
    /// program that loads its own key (a provider's keystore). Same rules as <see cref="ConnectFreshAccountAsync"/>.
    /// </summary>
    /// <param name="ether">The balance to give it, in ether (default 10).</param>
    /// <param name="cancellationToken">Cancels waiting for account 0; a transfer once sent is waited for.</param>
    public async Task<EthECKey> CreateFundedKeyAsync(decimal ether = 10, CancellationToken cancellationToken = default)
    {
        EthECKey key = EthECKey.GenerateKey();
        await _fundingGate.WaitAsync(cancellationToken);
        try
        {
            var bank = new Web3(new Account(AnvilNode.Key(0), AnvilNode.ChainId), RpcUrl.ToString());
            // Not abandoned on cancellation: the gate stays held until account 0's transaction has landed.
            await bank.Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(key.GetPublicAddress(), ether);
        }
        finally
        {
            _fundingGate.Release();
        }

        return key;
    }

    /// <summary>Mints stake tokens to <paramref name="to"/> (the TestToken lets anyone mint).</summary>
    public async Task MintStakeTokenAsync(string to, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ChainConnection deployer = await ConnectAsync(0, cancellationToken);
        await new TokenClient(deployer, Contracts.StakeToken).MintAsync(to, amount, cancellationToken);
    }

    /// <summary>Kills anvil.</summary>
    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _fundingGate.Dispose();
    }
}
