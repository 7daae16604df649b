using System.Numerics;
using Dvpn.Chain.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Chain.Tokens;

/// <summary>An ERC-20 token: balances, allowances, transfers, and the devnet test token's open mint.</summary>
public sealed class TokenClient
{
    private readonly ChainConnection _chain;

    /// <summary>Creates a client for the ERC-20 at <paramref name="address"/>.</summary>
    public TokenClient(ChainConnection chain, string address)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(address);
        _chain = chain;
        Address = address;
    }

    /// <summary>The token contract's address.</summary>
    public string Address { get; }

    /// <summary>The token balance of <paramref name="owner"/>.</summary>
    public Task<BigInteger> BalanceOfAsync(string owner, CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<BalanceOfFunction, BigInteger>(Address, new BalanceOfFunction { Account = owner }, "balanceOf", cancellationToken);

    /// <summary>How much <paramref name="spender"/> may pull from <paramref name="owner"/>.</summary>
    public Task<BigInteger> AllowanceAsync(string owner, string spender, CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<AllowanceFunction, BigInteger>(Address, new AllowanceFunction { Owner = owner, Spender = spender }, "allowance", cancellationToken);

    /// <summary>Lets <paramref name="spender"/> pull up to <paramref name="amount"/> from the sender.</summary>
    public Task<TransactionReceipt> ApproveAsync(string spender, BigInteger amount, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new ApproveFunction { Spender = spender, Amount = amount }, "approve", cancellationToken);

    /// <summary>Sends <paramref name="amount"/> to <paramref name="to"/>.</summary>
    public Task<TransactionReceipt> TransferAsync(string to, BigInteger amount, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new TransferFunction { To = to, Amount = amount }, "transfer", cancellationToken);

    /// <summary>Mints test tokens (only the devnet TestToken has an open mint).</summary>
    public Task<TransactionReceipt> MintAsync(string to, BigInteger amount, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new MintFunction { To = to, Amount = amount }, "mint", cancellationToken);

    /// <summary>Approves <paramref name="spender"/> for <paramref name="amount"/> unless the allowance already covers it.</summary>
    public async Task EnsureAllowanceAsync(string spender, BigInteger amount, CancellationToken cancellationToken = default)
    {
        string owner = _chain.RequireSender();
        if (await AllowanceAsync(owner, spender, cancellationToken).ConfigureAwait(false) < amount)
        {
            await ApproveAsync(spender, amount, cancellationToken).ConfigureAwait(false);
        }
    }
}
