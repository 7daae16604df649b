using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Tokens;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Chain.Providers;

/// <summary>
/// The provider directory on chain: discovery (all providers in a few calls, pinned to one block), the on-chain
/// stake-weighted pick, registration, and staking.
/// </summary>
public sealed class DirectoryClient
{
    /// <summary>Providers read per call. 500 keeps a page's response well under common node limits.</summary>
    public const int DefaultPageSize = 500;

    private readonly ChainConnection _chain;

    /// <summary>Creates a client for the Directory at <paramref name="address"/>.</summary>
    public DirectoryClient(ChainConnection chain, string address)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentException.ThrowIfNullOrEmpty(address);
        _chain = chain;
        Address = address;
    }

    /// <summary>The Directory contract's address.</summary>
    public string Address { get; }

    /// <summary>
    /// Reads every registered provider. All pages are read at the same block, so a registration landing meanwhile
    /// cannot make an entry appear twice or vanish. Malformed entries are returned in
    /// <see cref="ProviderSnapshot.Rejected"/>, never thrown.
    /// </summary>
    public async Task<ProviderSnapshot> GetSnapshotAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        HexBigInteger latest = await _chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var block = new BlockParameter(latest);
        BigInteger count = await _chain.QueryAsync<ProviderCountFunction, BigInteger>(
            Address, new ProviderCountFunction(), "providerCount", cancellationToken, block).ConfigureAwait(false);

        var pages = new List<Task<ProvidersPageOutput>>();
        for (BigInteger offset = 0; offset < count; offset += pageSize)
        {
            pages.Add(_chain.QueryDtoAsync<ProvidersPageFunction, ProvidersPageOutput>(Address,
                new ProvidersPageFunction { Offset = offset, Limit = pageSize }, "providersPage", cancellationToken, block));
        }

        var providers = new List<ProviderListing>((int)count);
        var rejected = new List<RejectedProvider>();
        foreach (ProvidersPageOutput page in await Task.WhenAll(pages).ConfigureAwait(false))
        {
            foreach (ProviderViewStruct raw in page.Providers)
            {
                if (ProviderParser.TryParse(raw, out ProviderListing? listing, out string? reason))
                {
                    providers.Add(listing!);
                }
                else
                {
                    rejected.Add(new RejectedProvider(raw.Provider, reason!));
                }
            }
        }

        return new ProviderSnapshot((ulong)latest.Value, providers, rejected);
    }

    /// <summary>Reads one provider; null when it is not registered or its entry is malformed.</summary>
    public async Task<ProviderListing?> GetProviderAsync(string provider, CancellationToken cancellationToken = default)
    {
        GetProviderOutput output = await _chain.QueryDtoAsync<GetProviderFunction, GetProviderOutput>(Address,
            new GetProviderFunction { Provider = provider }, "getProvider", cancellationToken).ConfigureAwait(false);
        return ProviderParser.TryParse(output.Provider, out ProviderListing? listing, out _) ? listing : null;
    }

    /// <summary>
    /// The contract's stake-weighted pick. With no seed, a fresh 256-bit seed comes from
    /// <see cref="RandomNumberGenerator"/>. Throws <see cref="ContractRevertException"/> with
    /// <c>NoListedProviders</c> when nothing is staked.
    /// </summary>
    public Task<string> PickAsync(BigInteger? seed = null, CancellationToken cancellationToken = default)
    {
        BigInteger s = seed ?? new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true);
        return _chain.QueryAsync<PickFunction, string>(Address, new PickFunction { Seed = s }, "pick", cancellationToken);
    }

    /// <summary>The minimum total stake for a provider to be listed.</summary>
    public Task<BigInteger> GetMinStakeAsync(CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<MinStakeFunction, BigInteger>(Address, new MinStakeFunction(), "minStake", cancellationToken);

    /// <summary>The sum of the stakes of all listed providers.</summary>
    public Task<BigInteger> GetTotalListedStakeAsync(CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<TotalListedStakeFunction, BigInteger>(Address, new TotalListedStakeFunction(), "totalListedStake", cancellationToken);

    /// <summary>The total stake on <paramref name="provider"/>.</summary>
    public Task<BigInteger> GetStakeAsync(string provider, CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<StakeOfFunction, BigInteger>(Address, new StakeOfFunction { Provider = provider }, "stakeOf", cancellationToken);

    /// <summary>Stake that <paramref name="staker"/> asked to take back from <paramref name="provider"/>, and when it unlocks.</summary>
    public async Task<(BigInteger Amount, DateTimeOffset UnlockAt)> GetPendingUnstakeAsync(string provider, string staker,
        CancellationToken cancellationToken = default)
    {
        PendingUnstakeOutput o = await _chain.QueryDtoAsync<PendingUnstakeFunction, PendingUnstakeOutput>(Address,
            new PendingUnstakeFunction { Provider = provider, Staker = staker }, "pendingUnstake", cancellationToken).ConfigureAwait(false);
        return (o.Amount, DateTimeOffset.FromUnixTimeSeconds(checked((long)o.UnlockAt)));
    }

    /// <summary>The ERC-20 that stakes are paid in.</summary>
    public Task<string> GetStakeTokenAsync(CancellationToken cancellationToken = default) =>
        _chain.QueryAsync<StakeTokenFunction, string>(Address, new StakeTokenFunction(), "stakeToken", cancellationToken);

    /// <summary>Registers the sending account as a provider.</summary>
    public Task<TransactionReceipt> RegisterAsync(ProviderRegistration registration, CancellationToken cancellationToken = default)
    {
        Validate(registration);
        var f = new RegisterFunction
        {
            Endpoint = registration.Endpoint.OriginalString,
            TlsFingerprint = registration.TlsFingerprint.ToArray(),
            WgPublicKey = registration.WireGuardPublicKey.ToArray(),
            PricePerGiB = registration.PricePerGiB,
            Region = registration.Region,
            Metadata = registration.Metadata.ToArray(),
        };
        return _chain.SendAsync(Address, f, "register", cancellationToken);
    }

    /// <summary>Replaces the sending provider's published fields.</summary>
    public Task<TransactionReceipt> UpdateAsync(ProviderRegistration registration, CancellationToken cancellationToken = default)
    {
        Validate(registration);
        var f = new UpdateFunction
        {
            Endpoint = registration.Endpoint.OriginalString,
            TlsFingerprint = registration.TlsFingerprint.ToArray(),
            WgPublicKey = registration.WireGuardPublicKey.ToArray(),
            PricePerGiB = registration.PricePerGiB,
            Region = registration.Region,
            Metadata = registration.Metadata.ToArray(),
        };
        return _chain.SendAsync(Address, f, "update", cancellationToken);
    }

    /// <summary>Removes the sending provider from the directory (its stake stays until unstaked).</summary>
    public Task<TransactionReceipt> DeregisterAsync(CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new DeregisterFunction(), "deregister", cancellationToken);

    /// <summary>Stakes <paramref name="amount"/> on <paramref name="provider"/> (any account may stake on any provider),
    /// approving the directory to pull the tokens first when needed.</summary>
    public async Task<TransactionReceipt> StakeAsync(string provider, BigInteger amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        string token = await GetStakeTokenAsync(cancellationToken).ConfigureAwait(false);
        await new TokenClient(_chain, token).EnsureAllowanceAsync(Address, amount, cancellationToken).ConfigureAwait(false);
        return await _chain.SendAsync(Address, new StakeFunction { Provider = provider, Amount = amount }, "stake", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts taking <paramref name="amount"/> of the sender's stake back; it stops counting at once and
    /// can be withdrawn after the unstake delay.</summary>
    public Task<TransactionReceipt> RequestUnstakeAsync(string provider, BigInteger amount, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new RequestUnstakeFunction { Provider = provider, Amount = amount }, "requestUnstake", cancellationToken);

    /// <summary>Pays out the sender's unlocked unstaked tokens. Reverts with <c>UnstakeLocked</c> before the delay.</summary>
    public Task<TransactionReceipt> WithdrawUnstakedAsync(string provider, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, new WithdrawUnstakedFunction { Provider = provider }, "withdrawUnstaked", cancellationToken);

    private static void Validate(ProviderRegistration r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (!ProviderParser.TryParseEndpoint(r.Endpoint.OriginalString, out _, out string? reason))
        {
            throw new ArgumentException(reason, nameof(r));
        }

        if (Encoding.UTF8.GetByteCount(r.Endpoint.OriginalString) > 256)
        {
            throw new ArgumentException("endpoint is longer than 256 bytes", nameof(r));
        }

        if (r.TlsFingerprint.Length != 32 || r.WireGuardPublicKey.Length != 32)
        {
            throw new ArgumentException("TLS fingerprint and WireGuard key must be 32 bytes each", nameof(r));
        }

        if (!ProviderParser.IsValidRegion(r.Region))
        {
            throw new ArgumentException("region must be at most 16 lower-case letters, digits or '-'", nameof(r));
        }

        if (r.Metadata.Length > 1024)
        {
            throw new ArgumentException("metadata is longer than 1024 bytes", nameof(r));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(r.PricePerGiB);
    }
}
