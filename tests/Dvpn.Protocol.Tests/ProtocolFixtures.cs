using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;

namespace Dvpn.Protocol.Tests;

/// <summary>Addresses, keys and tickets shared by the protocol tests.</summary>
internal static class ProtocolFixtures
{
    public const ulong ChainId = 31337;
    public static readonly EthAddress Lottery = EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    public static readonly EthAddress Provider = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    public static readonly EthAddress Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    public static readonly EthAddress Native = EthAddress.Zero;
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public static TicketDomain Domain { get; } = new(ChainId, Lottery);

    public static TicketSigner NewSigner() => new(SignerKey.Generate(), Domain);

    public static byte[] WireGuardKey() => RandomNumberGenerator.GetBytes(32);

    public static Ticket Ticket(EthAddress funder, ReadOnlySpan<byte> commit, ulong nonce = 1) => new()
    {
        Recipient = Provider,
        Commit = commit.ToArray(),
        Issued = (ulong)Now.ToUnixTimeSeconds(),
        Nonce = nonce,
        FaceValue = BigInteger.Pow(10, 16),
        WinProb = 1UL << 60,
        Expiry = (ulong)(Now + TimeSpan.FromDays(1)).ToUnixTimeSeconds(),
        Token = Native,
        Funder = funder,
    };
}
