using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Dvpn.Chain;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Tokens;
using Dvpn.Chain.Wallet;
using Dvpn.Devnet;

namespace Dvpn.Cli;

/// <summary>
/// The local network, end to end on chain: anvil, the contracts, two staked providers, a funded lottery account,
/// a client paying one provider for 2 GiB with tickets, and the provider claiming its winners in one batch.
/// </summary>
internal static class DemoRunner
{
    private const long MiB = 1 << 20;
    private const long GiB = 1 << 30;
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly BigInteger PricePerGiB = Ether / 20; // 0.05 ETH per GiB
    private const long Traffic = 2 * GiB;
    private const long Chunk = 4 * MiB; // the client pays ahead by one chunk

    public static async Task RunAsync(TextWriter o, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        o.WriteLine("DvpnClient demo: a local chain, two providers, lottery-ticket payments\n");

        await using AnvilNode anvil = await AnvilNode.StartAsync(cancellationToken: ct);
        o.WriteLine($"chain      anvil (pid {anvil.ProcessId}) at {anvil.RpcUrl}, chain id {AnvilNode.ChainId}");

        ChainConnection deployer = await Connect(anvil, 0, ct);
        DeployedContracts c = await ContractDeployer.DeployDevnetAsync(deployer, minStake: 100 * Ether,
            unstakeDelay: TimeSpan.FromDays(7), withdrawDelay: TimeSpan.FromDays(1), ct);
        o.WriteLine($"contracts  Lottery {c.Lottery}\n           Directory {c.Directory}\n           TestToken {c.StakeToken} (stakes)\n");

        // Providers register and stake; B's stake is partly delegated by a supporter.
        var providers = new (string Name, int Account, string Region, BigInteger Self, BigInteger Delegated)[]
        {
            ("provider-a", 1, "eu-de", 300 * Ether, 0),
            ("provider-b", 2, "us-east", 200 * Ether, 500 * Ether),
        };
        var token = new TokenClient(deployer, c.StakeToken);
        ChainConnection supporter = await Connect(anvil, 4, ct);
        foreach (var p in providers)
        {
            ChainConnection chain = await Connect(anvil, p.Account, ct);
            var directory = new DirectoryClient(chain, c.Directory);
            await directory.RegisterAsync(new ProviderRegistration
            {
                Endpoint = new Uri($"https://{p.Name}.dvpn.test:8443"),
                TlsFingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(p.Name + "-cert")),
                WireGuardPublicKey = RandomNumberGenerator.GetBytes(32),
                PricePerGiB = PricePerGiB,
                Region = p.Region,
                Metadata = Encoding.UTF8.GetBytes($"{{\"name\":\"{p.Name}\"}}"),
            }, ct);
            await token.MintAsync(chain.Address!, p.Self, ct);
            await directory.StakeAsync(chain.Address!, p.Self, ct);
            if (p.Delegated > 0)
            {
                await token.MintAsync(supporter.Address!, p.Delegated, ct);
                await new DirectoryClient(supporter, c.Directory).StakeAsync(chain.Address!, p.Delegated, ct);
            }
        }

        var reader = new DirectoryClient(deployer, c.Directory);
        ProviderSnapshot snapshot = await reader.GetSnapshotAsync(cancellationToken: ct);
        o.WriteLine($"directory  {snapshot.Providers.Count} providers at block {snapshot.BlockNumber}:");
        string NameOf(string address) =>
            providers.Where(p => AnvilNode.Key(p.Account).GetPublicAddress().Equals(address, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Name).FirstOrDefault() ?? address;
        foreach (ProviderListing p in snapshot.Providers)
        {
            o.WriteLine($"           {NameOf(p.Address),-11} {p.Region,-8} {Eth(p.PricePerGiB)} ETH/GiB  stake {Eth(p.Stake)} DVT  {(p.Listed ? "listed" : "not listed")}  {p.Endpoint}");
        }

        // The on-chain stake-weighted pick, sampled, then one real pick for the session.
        const int Samples = 200;
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Samples; i++)
        {
            string picked = await reader.PickAsync(cancellationToken: ct);
            counts[picked] = counts.GetValueOrDefault(picked) + 1;
        }

        o.WriteLine($"pick       {Samples} on-chain picks: " + string.Join(", ", counts.OrderBy(kv => NameOf(kv.Key))
            .Select(kv => $"{NameOf(kv.Key)} {kv.Value} ({100.0 * kv.Value / Samples:F0}%)")) + "  (stakes 30% / 70%)\n");
        string chosen = await reader.PickAsync(cancellationToken: ct);
        int chosenAccount = providers.First(p => NameOf(chosen) == p.Name).Account;

        // The user's wallet (funder) funds a lottery account for the client's hot signing key.
        ChainConnection funder = await Connect(anvil, 3, ct);
        using SignerKey signerKey = SignerKey.Generate();
        var funderLottery = new LotteryClient(funder, c.Lottery);
        await funderLottery.FundAsync(LotteryClient.NativeToken, signerKey.Address.ToString(), Ether, Ether / 2, ct);
        o.WriteLine($"funding    funder {funder.Address} funded signer {signerKey.Address}: balance 1 ETH, escrow 0.5 ETH");

        // The session: the client pays one chunk ahead; the provider verifies each ticket and keeps the winners.
        ChainConnection providerChain = await Connect(anvil, chosenAccount, ct);
        var providerLottery = new LotteryClient(providerChain, c.Lottery);
        BigInteger providerBefore = await providerChain.GetNativeBalanceAsync(providerChain.Address!, ct);
        var domain = new TicketDomain(funder.ChainId, EthAddress.Parse(c.Lottery));
        using var signer = new TicketSigner(signerKey, domain);
        var verifier = new TicketVerifier(domain);
        BigInteger gasPrice = await deployer.GetGasPriceAsync(ct);
        BigInteger claimGasCost = gasPrice * 30_000; // what one ticket's share of a batch claim costs, about
        ulong now = await funder.GetLatestBlockTimestampAsync(ct);

        byte[] reveal = TicketLottery.NewReveal();
        var winners = new List<LotteryClaim>();
        BigInteger expectedPaid = 0;
        int signed = 0, rejected = 0;
        BigInteger owedPerChunk = PricePerGiB * Chunk / GiB;
        TicketSize size = TicketLottery.Size(owedPerChunk, claimGasCost);
        for (long used = 0; used < Traffic; used += Chunk)
        {
            var ticket = new Ticket
            {
                Recipient = EthAddress.Parse(providerChain.Address!),
                Commit = TicketLottery.Commit(reveal),
                Issued = now,
                Nonce = (ulong)signed + 1,
                FaceValue = size.FaceValue,
                WinProb = size.WinProb,
                Expiry = now + 86_400,
                Token = EthAddress.Zero,
                Funder = EthAddress.Parse(funder.Address!),
            };
            SignedTicket st = signer.Sign(ticket);
            signed++;
            expectedPaid += ticket.ExpectedValue;
            if (!verifier.Verify(st, signerKey.Address))
            {
                rejected++;
                continue;
            }

            if (TicketLottery.IsWinner(reveal, domain.Digest(ticket), ticket.WinProb))
            {
                winners.Add(st.ToClaim(reveal));
                reveal = TicketLottery.NewReveal(); // a new secret after each win
            }
        }

        o.WriteLine($"session    client -> {NameOf(chosen)}: {Traffic / MiB} MiB at {Eth(PricePerGiB)} ETH/GiB = {Eth(PricePerGiB * Traffic / GiB)} ETH owed");
        o.WriteLine($"tickets    {signed} signed (one per {Chunk / MiB} MiB), face {Eth(size.FaceValue)} ETH, win probability {(double)size.WinProb / Math.Pow(2, 64):P2}, expected value {Eth(expectedPaid)} ETH");
        o.WriteLine($"           provider verified {signed - rejected}, rejected {rejected}; {winners.Count} won");

        if (winners.Count > 0)
        {
            ClaimResult claim = await providerLottery.ClaimAsync(LotteryClient.SortForClaim(winners), cancellationToken: ct);
            BigInteger paid = claim.TotalPaid(LotteryClient.NativeToken);
            BigInteger gasCost = claim.GasUsed * gasPrice;
            o.WriteLine($"claim      tx {claim.TransactionHash[..18]}…: {claim.PaidTickets} paid, {claim.Skipped.Count} skipped, gas {claim.GasUsed} ({claim.GasUsed / Math.Max(claim.PaidTickets, 1)} per ticket), cost {Eth(gasCost)} ETH");
            o.WriteLine($"paid       funder -> {NameOf(chosen)}: {Eth(paid)} ETH (expected {Eth(expectedPaid)} ETH; the lottery's variance)");
            if (paid > 0)
            {
                o.WriteLine($"efficiency provider keeps {(double)(paid - gasCost) / (double)paid:P2} of what it was paid after claim gas");
            }
        }

        LotteryAccount account = await funderLottery.GetAccountAsync(LotteryClient.NativeToken, funder.Address!, signerKey.Address.ToString(), ct);
        BigInteger providerAfter = await providerChain.GetNativeBalanceAsync(providerChain.Address!, ct);
        o.WriteLine($"balances   lottery account: balance {Eth(account.Balance)} ETH, escrow {Eth(account.Escrow)} ETH");
        o.WriteLine($"           {NameOf(chosen)}: {Eth(providerAfter - providerBefore)} ETH net of gas");
        o.WriteLine($"\ndone in {clock.Elapsed.TotalSeconds:F1} s; anvil stopped.");
    }

    private static Task<ChainConnection> Connect(AnvilNode anvil, int account, CancellationToken ct) =>
        ChainConnection.ConnectAsync([anvil.RpcUrl], AnvilNode.Key(account), cancellationToken: ct);

    private static string Eth(BigInteger wei)
    {
        decimal value = (decimal)wei / 1_000_000_000_000_000_000m;
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
