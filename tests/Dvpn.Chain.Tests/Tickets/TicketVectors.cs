using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;

namespace Dvpn.Chain.Tests.Tickets;

/// <summary>Tickets and domains shared by the ticket tests.</summary>
internal static class TicketVectors
{
    public static readonly EthAddress Lottery = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    public static readonly EthAddress Provider = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static readonly EthAddress Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    public static readonly EthAddress Token = EthAddress.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");

    public static TicketDomain Domain { get; } = new(31337, Lottery);

    public static Ticket Basic(ulong nonce = 1) => new()
    {
        Recipient = Provider,
        Commit = SHA256.HashData(BitConverter.GetBytes(nonce)),
        Issued = 1_700_000_000,
        Nonce = nonce,
        FaceValue = BigInteger.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture),
        WinProb = 1UL << 60,
        Expiry = 1_700_086_400,
        Token = Token,
        Funder = Funder,
        Data = 0x5e551011,
    };

    /// <summary>Named tickets that exercise every field at its edges.</summary>
    public static IEnumerable<(string Name, TicketDomain Domain, Ticket Ticket)> All()
    {
        yield return ("basic", Domain, Basic());
        yield return ("all zero but nonce", Domain, new Ticket
        {
            Recipient = EthAddress.Zero,
            Commit = new byte[32],
            Issued = 0,
            Nonce = 1,
            FaceValue = 0,
            WinProb = 0,
            Expiry = 0,
            Token = EthAddress.Zero,
            Funder = EthAddress.Zero,
        });
        yield return ("all max", new TicketDomain((BigInteger.One << 256) - 1, EthAddress.Parse("0xffffffffffffffffffffffffffffffffffffffff")), new Ticket
        {
            Recipient = EthAddress.Parse("0xffffffffffffffffffffffffffffffffffffffff"),
            Commit = Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            Issued = ulong.MaxValue,
            Nonce = ulong.MaxValue,
            FaceValue = Ticket.MaxUInt96,
            WinProb = ulong.MaxValue,
            Expiry = ulong.MaxValue,
            Token = EthAddress.Parse("0xffffffffffffffffffffffffffffffffffffffff"),
            Funder = EthAddress.Parse("0xffffffffffffffffffffffffffffffffffffffff"),
            Data = Ticket.MaxUInt96,
        });
        yield return ("mainnet native coin", new TicketDomain(1, Lottery), Basic(42) with { Token = EthAddress.Zero });
        yield return ("random", new TicketDomain(8453, Random()), new Ticket
        {
            Recipient = Random(),
            Commit = RandomNumberGenerator.GetBytes(32),
            Issued = RandomUInt64(),
            Nonce = RandomUInt64() | 1,
            FaceValue = new BigInteger(RandomNumberGenerator.GetBytes(12), isUnsigned: true),
            WinProb = RandomUInt64(),
            Expiry = RandomUInt64(),
            Token = Random(),
            Funder = Random(),
            Data = new BigInteger(RandomNumberGenerator.GetBytes(12), isUnsigned: true),
        });
    }

    public static EthAddress Random() => new(RandomNumberGenerator.GetBytes(EthAddress.Size));

    public static ulong RandomUInt64() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
}
