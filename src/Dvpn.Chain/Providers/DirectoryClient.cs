using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Tokens;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Chain.Providers;

/// <summary>
/// The provider directory on chain: discovery (all providers in a few calls, pinned to one block), the on-chain
/// stake-weighted pick, registration, and staking.
/// </summary>
public sealed class DirectoryClient
{
    /// <summary>
    /// Providers read per call. Each entry can cost up to ~140k gas inside <c>eth_call</c> when its fields are at their
    /// maximum size, and nodes cap a call's gas (16.7M under EIP-7825): 50 keeps a page of worst-case entries under
    /// it. A page that still fails is split in halves, down to single entries.
    /// </summary>
    public const int DefaultPageSize = 50;

    /// <summary>Page reads in flight at once.</summary>
    private const int MaxConcurrentPages = 8;

    /// <summary>A provider count above this is treated as a broken node, not as a directory to allocate for.</summary>
    private const int MaxPlausibleProviders = 1_000_000;

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
    /// cannot make an entry appear twice or vanish. Malformed entries, and entries too large to read at all, are
    /// returned in <see cref="ProviderSnapshot.Rejected"/>, never thrown.
    /// </summary>
    public async Task<ProviderSnapshot> GetSnapshotAsync(int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ulong latest = await _chain.GetBlockNumberAsync(cancellationToken).ConfigureAwait(false);
        var block = new BlockParameter(latest);
        BigInteger count = await _chain.QueryAsync<ProviderCountFunction, BigInteger>(
            Address, new ProviderCountFunction(), "providerCount", cancellationToken, block).ConfigureAwait(false);
        if (count < 0 || count > MaxPlausibleProviders)
        {
            throw new ChainException($"the directory reports {count} providers, which is not plausible", isTransient: false);
        }

        using var gate = new SemaphoreSlim(MaxConcurrentPages);
        var pages = new List<Task<List<ProviderViewStruct?>>>();
        for (int offset = 0; offset < (int)count; offset += pageSize)
        {
            pages.Add(ReadRangeAsync(offset, Math.Min(pageSize, (int)count - offset), block, gate, cancellationToken));
        }

        var providers = new List<ProviderListing>();
        var rejected = new List<RejectedProvider>();
        int index = 0;
        foreach (List<ProviderViewStruct?> page in await Task.WhenAll(pages).ConfigureAwait(false))
        {
            foreach (ProviderViewStruct? raw in page)
            {
                if (raw is null)
                {
                    rejected.Add(new RejectedProvider($"#{index}", "entry could not be read (too large for one call)"));
                }
                else if (ProviderParser.TryParse(raw, out ProviderListing? listing, out string? reason))
                {
                    providers.Add(listing!);
                }
                else
                {
                    rejected.Add(new RejectedProvider(raw.Provider, reason!));
                }

                index++;
            }
        }

        return new ProviderSnapshot(latest, providers, rejected);
    }

    /// <summary>Reads entries [offset, offset + length); a range that fails is split, and an unreadable single entry is null.</summary>
    private async Task<List<ProviderViewStruct?>> ReadRangeAsync(int offset, int length, BlockParameter block, SemaphoreSlim gate,
        CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ProvidersPageOutput page = await _chain.QueryDtoAsync<ProvidersPageFunction, ProvidersPageOutput>(Address,
                new ProvidersPageFunction { Offset = offset, Limit = length }, "providersPage", cancellationToken, block).ConfigureAwait(false);
            if (page.Providers.Count != length)
            {
                throw new ChainException($"providersPage({offset}, {length}) returned {page.Providers.Count} entries", isTransient: false);
            }

            return [.. page.Providers];
        }
        catch (ChainException e) when (!e.IsTransient)
        {
            if (length == 1)
            {
                return [null];
            }
        }
        finally
        {
            gate.Release();
        }

        int half = length / 2;
        List<ProviderViewStruct?>[] halves = await Task.WhenAll(
            ReadRangeAsync(offset, half, block, gate, cancellationToken),
            ReadRangeAsync(offset + half, length - half, block, gate, cancellationToken)).ConfigureAwait(false);
        return [.. halves[0], .. halves[1]];
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
    public Task<TransactionReceipt> RegisterAsync(ProviderRegistration registration, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, ToMessage<RegisterFunction>(registration), "register", cancellationToken);

    /// <summary>Replaces the sending provider's published fields.</summary>
    public Task<TransactionReceipt> UpdateAsync(ProviderRegistration registration, CancellationToken cancellationToken = default) =>
        _chain.SendAsync(Address, ToMessage<UpdateFunction>(registration), "update", cancellationToken);

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

    private static T ToMessage<T>(ProviderRegistration registration)
        where T : ProviderFieldsMessage, new()
    {
        Validate(registration);
        return new T
        {
            Endpoint = registration.Endpoint.OriginalString,
            TlsFingerprint = registration.TlsFingerprint.ToArray(),
            WgPublicKey = registration.WireGuardPublicKey.ToArray(),
            PricePerGiB = registration.PricePerGiB,
            Region = registration.Region,
            Metadata = registration.Metadata.ToArray(),
        };
    }

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
