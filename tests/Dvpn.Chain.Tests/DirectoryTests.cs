using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tests.Support;

namespace Dvpn.Chain.Tests;

[Collection(AnvilCollection.Name)]
public sealed class DirectoryTests(AnvilFixture anvil)
{
    private static readonly BigInteger Token = BigInteger.Pow(10, 18);

    private static ProviderRegistration Registration(string host, string region = "eu-de", int price = 1000) => new()
    {
        Endpoint = new Uri($"https://{host}:8443"),
        TlsFingerprint = RandomNumberGenerator.GetBytes(32),
        WireGuardPublicKey = RandomNumberGenerator.GetBytes(32),
        PricePerGiB = price,
        Region = region,
        Metadata = Encoding.UTF8.GetBytes("{\"name\":\"test\"}"),
    };

    private async Task<(ChainConnection Chain, DirectoryClient Directory)> NewProviderAsync()
    {
        ChainConnection chain = await anvil.ConnectFreshAsync();
        return (chain, new DirectoryClient(chain, anvil.Contracts.Directory));
    }

    private async Task StakeAsync(ChainConnection staker, string provider, BigInteger amount)
    {
        await anvil.MintAsync(staker.Address!, amount);
        await new DirectoryClient(staker, anvil.Contracts.Directory).StakeAsync(provider, amount);
    }

    [Fact]
    public async Task Send_GivesTheTransactionAGasLimitAboveItsEstimate()
    {
        var (chain, directory) = await NewProviderAsync();

        var receipt = await directory.RegisterAsync(Registration("margin.example"));
        var sent = await chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(receipt.TransactionHash);

        // Estimates are exact on an idle chain, so gas used stands for the estimate.
        BigInteger used = receipt.GasUsed.Value;
        Assert.Equal((used * ChainConnection.GasMarginPercent / 100) + ChainConnection.GasMarginFixed, sent.Gas.Value, new GasTolerance(used / 50));
    }

    private sealed class GasTolerance(BigInteger tolerance) : IEqualityComparer<BigInteger>
    {
        public bool Equals(BigInteger x, BigInteger y) => BigInteger.Abs(x - y) <= tolerance;

        public int GetHashCode(BigInteger obj) => 0;
    }

    [Fact]
    public async Task Register_ThenSnapshot_ReturnsTheProviderAsPublished()
    {
        var (chain, directory) = await NewProviderAsync();
        ProviderRegistration reg = Registration("register.example");

        await directory.RegisterAsync(reg);
        ProviderSnapshot snapshot = await directory.GetSnapshotAsync();

        ProviderListing p = Assert.Single(snapshot.Providers, x => x.Address.Equals(chain.Address, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(reg.Endpoint, p.Endpoint);
        Assert.Equal(reg.TlsFingerprint.ToArray(), p.TlsFingerprint.ToArray());
        Assert.Equal(reg.WireGuardPublicKey.ToArray(), p.WireGuardPublicKey.ToArray());
        Assert.Equal(reg.PricePerGiB, p.PricePerGiB);
        Assert.Equal("eu-de", p.Region);
        Assert.Equal(reg.Metadata.ToArray(), p.Metadata.ToArray());
        Assert.False(p.Listed); // no stake yet
        Assert.True(snapshot.BlockNumber > 0);
    }

    [Fact]
    public async Task Update_ChangesThePublishedFields()
    {
        var (chain, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("before.example", price: 5));

        await directory.UpdateAsync(Registration("after.example", region: "us-east", price: 7));

        ProviderListing? p = await directory.GetProviderAsync(chain.Address!);
        Assert.NotNull(p);
        Assert.Equal("after.example", p.Endpoint.Host);
        Assert.Equal("us-east", p.Region);
        Assert.Equal(7, p.PricePerGiB);
    }

    [Fact]
    public async Task Deregister_RemovesTheProviderFromTheSnapshot()
    {
        var (chain, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("leaving.example"));

        await directory.DeregisterAsync();

        ProviderSnapshot snapshot = await directory.GetSnapshotAsync();
        Assert.DoesNotContain(snapshot.Providers, x => x.Address.Equals(chain.Address, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Register_Twice_RevertsWithAlreadyRegistered()
    {
        var (_, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("twice.example"));

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => directory.RegisterAsync(Registration("twice.example")));
        Assert.Equal("AlreadyRegistered", e.ErrorName);
    }

    [Fact]
    public async Task Stake_ByADelegate_ListsTheProviderOnceTheMinimumIsReached()
    {
        var (provider, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("staked.example"));
        ChainConnection delegator = await anvil.ConnectFreshAsync();

        await StakeAsync(delegator, provider.Address!, AnvilFixture.MinStake - 1);
        Assert.False((await directory.GetProviderAsync(provider.Address!))!.Listed);

        await StakeAsync(delegator, provider.Address!, 1);
        ProviderListing p = (await directory.GetProviderAsync(provider.Address!))!;
        Assert.True(p.Listed);
        Assert.Equal(AnvilFixture.MinStake, p.Stake);
        Assert.Equal(AnvilFixture.MinStake, await directory.GetStakeAsync(provider.Address!));
    }

    [Fact]
    public async Task Pick_ReturnsAListedProvider()
    {
        var (provider, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("pickme.example"));
        await StakeAsync(provider, provider.Address!, AnvilFixture.MinStake * 5);

        string picked = await directory.PickAsync();

        ProviderSnapshot snapshot = await directory.GetSnapshotAsync();
        Assert.Contains(snapshot.Providers, p => p.Listed && p.Address.Equals(picked, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Pick_WithZeroListedStake_RevertsWithNoListedProviders()
    {
        // A directory of its own: the shared one has stake from other tests.
        ChainConnection owner = await anvil.ConnectAsync(0);
        string empty = await ContractDeployer.DeployDirectoryAsync(owner, anvil.Contracts.StakeToken, AnvilFixture.MinStake, AnvilFixture.UnstakeDelay);
        ChainConnection provider = await anvil.ConnectFreshAsync();
        await new DirectoryClient(provider, empty).RegisterAsync(Registration("unstaked.example")); // registered, no stake
        var directory = new DirectoryClient(owner, empty);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => directory.PickAsync());

        Assert.Equal("NoListedProviders", e.ErrorName);
        Assert.Equal(0, await directory.GetTotalListedStakeAsync());
    }

    [Fact]
    public async Task RequestUnstake_WithdrawBeforeDelay_RevertsWithUnstakeLocked_ThenPaysAfterDelay()
    {
        var (provider, directory) = await NewProviderAsync();
        await directory.RegisterAsync(Registration("unstake.example"));
        await StakeAsync(provider, provider.Address!, AnvilFixture.MinStake);
        var token = new Tokens.TokenClient(provider, anvil.Contracts.StakeToken);

        await directory.RequestUnstakeAsync(provider.Address!, AnvilFixture.MinStake);
        Assert.False((await directory.GetProviderAsync(provider.Address!))!.Listed);
        var (pending, unlockAt) = await directory.GetPendingUnstakeAsync(provider.Address!, provider.Address!);
        Assert.Equal(AnvilFixture.MinStake, pending);

        var e = await Assert.ThrowsAsync<ContractRevertException>(() => directory.WithdrawUnstakedAsync(provider.Address!));
        Assert.Equal("UnstakeLocked", e.ErrorName);
        Assert.Equal(0, await token.BalanceOfAsync(provider.Address!));

        await anvil.Node.IncreaseTimeAsync(AnvilFixture.UnstakeDelay + TimeSpan.FromSeconds(1));
        await directory.WithdrawUnstakedAsync(provider.Address!);
        Assert.Equal(AnvilFixture.MinStake, await token.BalanceOfAsync(provider.Address!));
        Assert.True(unlockAt > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Snapshot_ReadsEveryProviderAcrossPages()
    {
        var registered = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            var (chain, directory) = await NewProviderAsync();
            await directory.RegisterAsync(Registration($"page{i}.example"));
            registered.Add(chain.Address!);
        }

        ProviderSnapshot small = await new DirectoryClient(await anvil.ConnectAsync(0), anvil.Contracts.Directory).GetSnapshotAsync(pageSize: 5);
        ProviderSnapshot large = await new DirectoryClient(await anvil.ConnectAsync(0), anvil.Contracts.Directory).GetSnapshotAsync(pageSize: 1000);

        foreach (string a in registered)
        {
            Assert.Single(small.Providers, p => p.Address.Equals(a, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(large.Providers.Select(p => p.Address), small.Providers.Select(p => p.Address));
    }

    public static TheoryData<string, byte[], byte[], string> MalformedEntries => new()
    {
        { "zero TLS fingerprint", "https://nofp.example"u8.ToArray(), "eu"u8.ToArray(), "TLS fingerprint" },
        { "endpoint not UTF-8", [0x68, 0x74, 0xff, 0xfe, 0x3a], "eu"u8.ToArray(), "UTF-8" },
        { "endpoint not a URL", "not a url at all"u8.ToArray(), "eu"u8.ToArray(), "absolute URL" },
        { "endpoint plain http", "http://plain.example:80"u8.ToArray(), "eu"u8.ToArray(), "https" },
        { "endpoint with credentials", "https://user:pw@creds.example"u8.ToArray(), "eu"u8.ToArray(), "credentials" },
        { "endpoint with control chars", "https://ctl.example/\u0007"u8.ToArray(), "eu"u8.ToArray(), "control characters" },
        { "region upper case", "https://region.example"u8.ToArray(), "EU_DE"u8.ToArray(), "region" },
        { "region not UTF-8", "https://region2.example"u8.ToArray(), [0xc3, 0x28], "region" },
    };

    [Theory]
    [MemberData(nameof(MalformedEntries))]
    public async Task Snapshot_MalformedEntryReadBackFromChain_IsRejectedWithAReason_AndOthersStillRead(
        string _, byte[] endpoint, byte[] region, string reasonContains)
    {
        ChainConnection bad = await anvil.ConnectFreshAsync();
        // Straight to the contract, past the client's own validation: the chain accepts whatever a provider sends.
        await RawDirectory.RegisterAsync(bad, anvil.Contracts.Directory, endpoint, region,
            zeroFingerprint: reasonContains == "TLS fingerprint");
        var (good, goodDirectory) = await NewProviderAsync();
        await goodDirectory.RegisterAsync(Registration("good-neighbour.example"));

        ProviderSnapshot snapshot = await goodDirectory.GetSnapshotAsync();

        RejectedProvider rejected = Assert.Single(snapshot.Rejected, r => r.Address.Equals(bad.Address, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(reasonContains, rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(snapshot.Providers, p => p.Address.Equals(bad.Address, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(snapshot.Providers, p => p.Address.Equals(good.Address, StringComparison.OrdinalIgnoreCase));
        Assert.Null(await goodDirectory.GetProviderAsync(bad.Address!));
    }

    [Fact]
    public async Task RegisterAsync_RejectsAnInsecureEndpointBeforeSending()
    {
        var (chain, directory) = await NewProviderAsync();
        var bad = new ProviderRegistration
        {
            Endpoint = new Uri("http://insecure.example"),
            TlsFingerprint = RandomNumberGenerator.GetBytes(32),
            WireGuardPublicKey = RandomNumberGenerator.GetBytes(32),
            PricePerGiB = 1,
        };

        await Assert.ThrowsAsync<ArgumentException>(() => directory.RegisterAsync(bad));
        Assert.Null(await directory.GetProviderAsync(chain.Address!));
    }
}
