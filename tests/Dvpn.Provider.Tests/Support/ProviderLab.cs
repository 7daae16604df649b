using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.Support;

/// <summary>
/// Everything the provider end-to-end tests share, built once per test run: anvil with the contracts, the namespace
/// topology (<see cref="ProviderTopology"/>), and one running provider (development account 1, staked, registered,
/// NAT to the internet host). Tests that need a provider of their own (killed, refused) start it on another site.
/// Needs root, iproute2, nftables, wireguard-go and anvil: without them every test fails, loudly.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProviderLab : IAsyncLifetime
{
    public const string CollectionName = "provider-lab";

    public const int DeployerAccount = 0;
    public const int SharedProviderAccount = 1;
    public const int CrashProviderAccount = 2;
    public const int UnderstakedProviderAccount = 3;
    public const int FunderAccount = 4;
    public const int UnsafeAccountProviderAccount = 6;
    public const int StoppingProviderAccount = 7;
    public const int MetricsProviderAccount = 8;
    public const int ManagedProviderAccount = 9;

    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    public static readonly BigInteger MinStake = 100 * Ether;
    public static readonly TimeSpan UnstakeDelay = TimeSpan.FromDays(7);

    /// <summary>Shorter than a session's horizon (lifetime 1 h + ticket lifetime 1 h), so a warned account is unsafe.</summary>
    public static readonly TimeSpan WithdrawDelay = TimeSpan.FromHours(1);

    /// <summary>0.01 ether per GiB: the 2 MiB credit limit is worth about 2e13 wei, far below a ticket's face value.</summary>
    public static readonly BigInteger PricePerGiB = BigInteger.Pow(10, 16);
    public static readonly BigInteger MinBalance = Ether;
    public static readonly BigInteger MinEscrow = Ether / 10;
    public static readonly BigInteger MaxGasPrice = 5_000_000_000; // 5 gwei: above anvil's, so claims are never held back
    public const long CreditLimitBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan CommitGrace = TimeSpan.FromSeconds(3);

    /// <summary>How long a lab provider keeps a session paused over its credit limit before cutting it off (default 30 s).</summary>
    public static readonly TimeSpan UnpaidPauseGrace = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SharedClaimInterval = TimeSpan.FromSeconds(2);
    /// <summary>One ticket per claim: every winner is due as soon as it is queued, so the shared provider's claims
    /// do not depend on how many other winners happen to be waiting.</summary>
    public const int SharedClaimBatchSize = 1;
    public const int OpenBurst = 20;

    private DevnetChain? _chain;
    private ProviderTopology? _topology;
    private ProviderIdentity? _identity;
    private ProviderSettings? _sharedSettings;
    private Lazy<Task<ProviderProcess>>? _provider;
    private ChainConnection? _funder;

    internal DevnetChain Chain => _chain ?? throw new InvalidOperationException("The lab is not set up.");

    internal ProviderTopology Topology => _topology ?? throw new InvalidOperationException("The lab is not set up.");

    /// <summary>
    /// The provider most tests share (do not stop it), started by the first test that needs it, so that tests of
    /// other providers do not depend on it. A failed start fails every test that needs it, with the same output.
    /// </summary>
    internal Task<ProviderProcess> EnsureProviderAsync() =>
        (_provider ?? throw new InvalidOperationException("The lab is not set up.")).Value;

    internal EthAddress ProviderAddress => _identity?.Address ?? throw new InvalidOperationException("The lab is not set up.");

    internal TestClient Client { get; private set; } = null!;

    internal ProviderLedger Ledger { get; private set; } = null!;

    internal TimeProvider Time { get; } = TimeProvider.System;

    public async Task InitializeAsync()
    {
        _chain = await DevnetChain.StartAsync(MinStake, UnstakeDelay, WithdrawDelay);
        _topology = await ProviderTopology.CreateAsync(_chain);
        _funder = await _chain.ConnectAsync(FunderAccount);
        Ledger = new ProviderLedger(_chain.RpcUrl, _chain.Contracts.Lottery);
        Client = new TestClient(_topology.Lab, _topology.Client, await _chain.ConnectReadOnlyAsync(), _chain.Contracts, Time);

        _identity = ProviderIdentity.Create(SharedProviderAccount);
        await StakeAsync(_identity.Address, MinStake);
        _sharedSettings = Settings(_topology.Provider, _identity, "10.77.0.0/24")
            .Set("Claims:Interval", SharedClaimInterval)
            .Set("Claims:BatchSize", SharedClaimBatchSize);
        _provider = new(() => ProviderProcess.StartAsync(_topology.Provider, _sharedSettings));
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_provider is { IsValueCreated: true } started && started.Value.IsCompletedSuccessfully)
            {
                await (await started.Value).DisposeAsync();
            }

            if (_topology is not null)
            {
                await _topology.DisposeAsync();
            }
        }
        finally
        {
            if (_chain is not null)
            {
                await _chain.DisposeAsync();
            }

            _identity?.Dispose();
        }
    }

    /// <summary>
    /// The settings every test provider runs with: the site's addresses, the devnet, the identity's keystore, a fresh
    /// interface name, the lab's prices and limits. Callers change what their test is about.
    /// </summary>
    internal ProviderSettings Settings(ProviderSite site, ProviderIdentity identity, string ipv4Pool) =>
        ProviderSettings.ForSite(site, identity, Chain, Topology.Lab.NewInterfaceName("pwg"), ipv4Pool)
            .Set("Listing:PricePerGiB", PricePerGiB)
            .Set("Listing:Region", "lab")
            .Set("Payment:MinBalance", MinBalance)
            .Set("Payment:MinEscrow", MinEscrow)
            .Set("Payment:CreditLimitBytes", CreditLimitBytes)
            .Set("Payment:CommitGrace", CommitGrace)
            .Set("Payment:UnpaidPauseGrace", UnpaidPauseGrace)
            .Set("Claims:MaxGasPrice", MaxGasPrice)
            .Set("Limits:OpenBurst", OpenBurst);

    /// <summary>Mints stake tokens to the deployer and stakes them on <paramref name="provider"/> (anyone may stake).</summary>
    internal async Task StakeAsync(EthAddress provider, BigInteger amount)
    {
        ChainConnection deployer = await Chain.ConnectAsync(DeployerAccount);
        await Chain.MintStakeTokenAsync(deployer.Address!, amount);
        await new DirectoryClient(deployer, Chain.Contracts.Directory).StakeAsync(provider.ToString(), amount);
    }

    /// <summary>A fresh signer whose account (funded by development account 4) holds 10 ether and 1 ether of escrow.</summary>
    internal async Task<ClientAccount> NewFundedAccountAsync()
    {
        ClientAccount account = NewUnfundedAccount();
        await account.FundAsync(10 * Ether, Ether);
        return account;
    }

    /// <summary>A fresh signer with no lottery account at all.</summary>
    internal ClientAccount NewUnfundedAccount() =>
        new(new LotteryClient(_funder ?? throw new InvalidOperationException("The lab is not set up."), Chain.Contracts.Lottery), Client.Domain);

    /// <summary>The value of <paramref name="bytes"/> at the lab's price (what the provider invoices for them).</summary>
    internal static BigInteger ValueOf(ulong bytes) => bytes * PricePerGiB / Protocol.ProtocolConstants.BytesPerGiB;

    /// <summary>For failure messages: the shared provider's output so far.</summary>
    internal string ProviderOutput =>
        _provider is { IsValueCreated: true } started && started.Value.IsCompletedSuccessfully ? started.Value.Result.Output : "(not running)";
}

[CollectionDefinition(ProviderLab.CollectionName)]
public sealed class ProviderLabCollection : ICollectionFixture<ProviderLab>
{
}
