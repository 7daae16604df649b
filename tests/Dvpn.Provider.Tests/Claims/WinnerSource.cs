using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Provider.Tests.Claims;

/// <summary>
/// Signs real tickets from one fresh signer key to one recipient, all committed to one reveal, with rising nonces.
/// With <c>winProb = ulong.MaxValue</c> a ticket wins unless the 64-bit lottery slice is exactly 2^64 - 1.
/// </summary>
internal sealed class WinnerSource : IDisposable
{
    public const ulong Always = ulong.MaxValue;

    private ulong _nonce;

    public WinnerSource(TicketDomain domain, EthAddress recipient, EthAddress funder, EthAddress? token = null)
    {
        Key = SignerKey.Generate();
        Signer = new TicketSigner(Key, domain);
        Recipient = recipient;
        Funder = funder;
        Token = token ?? EthAddress.Zero;
        Reveal = TicketLottery.NewReveal();
    }

    /// <summary>For store tests that never reach a chain: a made-up domain, recipient and funder.</summary>
    public static WinnerSource Offline() =>
        new(new TicketDomain(31337, EthAddress.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3")),
            EthAddress.Parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
            EthAddress.Parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"));

    public SignerKey Key { get; }
    public TicketSigner Signer { get; }
    public EthAddress Recipient { get; }
    public EthAddress Funder { get; }
    public EthAddress Token { get; }
    public byte[] Reveal { get; }
    public EthAddress Address => Key.Address;

    /// <summary>A signed ticket with the next nonce (or <paramref name="nonce"/>).</summary>
    public SignedTicket Next(BigInteger faceValue, ulong expiry, ulong? nonce = null, ulong winProb = Always) =>
        Signer.Sign(new Ticket
        {
            Recipient = Recipient,
            Commit = TicketLottery.Commit(Reveal),
            Issued = 1_700_000_000,
            Nonce = nonce ?? ++_nonce,
            FaceValue = faceValue,
            WinProb = winProb,
            Expiry = expiry,
            Token = Token,
            Funder = Funder,
            Data = 7,
        });

    public void Dispose()
    {
        Signer.Dispose();
        Key.Dispose();
    }
}
