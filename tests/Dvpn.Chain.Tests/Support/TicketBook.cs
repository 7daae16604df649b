using System.Numerics;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Chain.Tests.Support;

/// <summary>
/// A funded lottery account and a provider, ready to exchange tickets: a fresh signer key per book, so tests that
/// share one anvil never share nonces or replay records.
/// </summary>
internal sealed class TicketBook : IDisposable
{
    public const ulong Always = ulong.MaxValue; // wins unless the 64-bit slice is exactly 2^64-1
    public static readonly BigInteger Ether = BigInteger.Pow(10, 18);

    private ulong _nonce;

    private TicketBook(ChainConnection funder, ChainConnection provider, SignerKey signerKey, TicketSigner signer,
        string token, LotteryClient funderLottery, LotteryClient providerLottery, ulong now)
    {
        Funder = funder;
        Provider = provider;
        SignerKey = signerKey;
        Signer = signer;
        Token = token;
        FunderLottery = funderLottery;
        ProviderLottery = providerLottery;
        Now = now;
        Reveal = TicketLottery.NewReveal();
    }

    public ChainConnection Funder { get; }
    public ChainConnection Provider { get; }
    public SignerKey SignerKey { get; }
    public TicketSigner Signer { get; }
    public string Token { get; }
    public LotteryClient FunderLottery { get; }
    public LotteryClient ProviderLottery { get; }
    public ulong Now { get; }
    public byte[] Reveal { get; }
    public string SignerAddress => SignerKey.Address.ToString();

    public static async Task<TicketBook> OpenAsync(AnvilFixture anvil, BigInteger balance, BigInteger escrow, bool erc20 = false)
    {
        ChainConnection funder = await anvil.ConnectFreshAsync();
        ChainConnection provider = await anvil.ConnectFreshAsync();
        var key = SignerKey.Generate();
        var domain = new TicketDomain(funder.ChainId, EthAddress.Parse(anvil.Contracts.Lottery));
        var signer = new TicketSigner(key, domain);
        string token = erc20 ? anvil.Contracts.StakeToken : LotteryClient.NativeToken;
        var funderLottery = new LotteryClient(funder, anvil.Contracts.Lottery);
        if (erc20)
        {
            await anvil.MintAsync(funder.Address!, balance + escrow);
        }

        if (balance + escrow > 0)
        {
            await funderLottery.FundAsync(token, key.Address.ToString(), balance, escrow);
        }

        ulong now = await funder.GetLatestBlockTimestampAsync();
        return new TicketBook(funder, provider, key, signer, token, funderLottery,
            new LotteryClient(provider, anvil.Contracts.Lottery), now);
    }

    /// <summary>A ticket to the provider, committed to this book's reveal, with the next nonce.</summary>
    public Ticket Ticket(BigInteger faceValue, ulong winProb = Always, ulong? nonce = null, ulong? expiry = null,
        byte[]? commit = null, string? recipient = null) => new()
    {
        Recipient = EthAddress.Parse(recipient ?? Provider.Address!),
        Commit = commit ?? TicketLottery.Commit(Reveal),
        Issued = Now,
        Nonce = nonce ?? ++_nonce,
        FaceValue = faceValue,
        WinProb = winProb,
        Expiry = expiry ?? Now + 3600,
        Token = EthAddress.Parse(Token),
        Funder = EthAddress.Parse(Funder.Address!),
        Data = 42,
    };

    public LotteryClaim Claim(Ticket ticket, byte[]? reveal = null) => Signer.Sign(ticket).ToClaim(reveal ?? Reveal);

    public LotteryClaim Claim(BigInteger faceValue) => Claim(Ticket(faceValue));

    public Task<ClaimResult> ClaimAsync(params LotteryClaim[] claims) => ProviderLottery.ClaimAsync(claims);

    public Task<LotteryAccount> AccountAsync() => FunderLottery.GetAccountAsync(Token, Funder.Address!, SignerAddress);

    public void Dispose()
    {
        Signer.Dispose();
        SignerKey.Dispose();
    }
}
