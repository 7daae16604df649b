using System.Numerics;
using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Google.Protobuf;
using NBitcoin.Secp256k1;

namespace Dvpn.Benchmarks;

/// <summary>
/// What the provider does with every ticket that arrives on a payment stream, before the disk: parse the protobuf
/// bytes, read the ticket, apply every rule of <see cref="TicketRules"/> (signature against the session's cached
/// signer key) and check for a win. Tickets/s per core is 1 s / Mean. The anchor, <see cref="LibSecp256k1Recover"/>,
/// is a libsecp256k1-class public key recovery (NBitcoin.Secp256k1, a port of libsecp256k1) on the same digest.
/// </summary>
[MemoryDiagnoser]
public class ProviderTicketBenchmarks
{
    private byte[] _wire = null!;
    private byte[] _digest = null!;
    private byte[] _reveal = null!;
    private TicketExpectations _expectations = null!;
    private TicketVerifier _verifier = null!;
    private EthAddress _signerAddress;
    private SecpRecoverableECDSASignature _recoverable = null!;
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        var domain = new TicketDomain(31337, EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        using SignerKey key = SignerKey.Generate();
        using var signer = new TicketSigner(key, domain);
        _signerAddress = signer.Address;
        _reveal = TicketLottery.NewReveal();
        _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var ticket = new Ticket
        {
            Recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            Commit = TicketLottery.Commit(_reveal),
            Issued = (ulong)_now.ToUnixTimeSeconds(),
            Nonce = 12345,
            FaceValue = BigInteger.Pow(10, 16),
            WinProb = 1UL << 58,
            Expiry = (ulong)_now.AddDays(1).ToUnixTimeSeconds(),
            Token = EthAddress.Zero,
            Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
        };
        SignedTicket signed = signer.Sign(ticket);
        _wire = TicketWire.ToMessage(signed).ToByteArray();
        _digest = domain.Digest(ticket);
        _expectations = new TicketExpectations
        {
            Recipient = ticket.Recipient,
            Funder = ticket.Funder,
            Signer = signer.Address,
            Token = ticket.Token,
            Commit = ticket.Commit,
            LastNonce = 1,
            MinLifetime = TimeSpan.FromHours(1),
            ClaimCost = BigInteger.Pow(10, 14),
            AccountBalance = BigInteger.Pow(10, 18),
        };
        _verifier = new TicketVerifier(domain);
        if (TicketRules.Check(signed, _expectations, _verifier, _now) != TicketVerdict.Accepted)
        {
            throw new InvalidOperationException("the benchmark ticket must be acceptable");
        }

        ReadOnlySpan<byte> signature = signed.Signature;
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature[..64], signature[64] - 27, out SecpRecoverableECDSASignature? recoverable))
        {
            throw new InvalidOperationException("the signature must parse for the anchor");
        }

        _recoverable = recoverable;
    }

    /// <summary>The provider's whole per-ticket check, from the bytes on the stream to verdict and win.</summary>
    [Benchmark]
    public bool ParseCheckAndDraw()
    {
        TicketMessage message = TicketMessage.Parser.ParseFrom(_wire);
        if (!TicketWire.TryRead(message, _signerAddress, out SignedTicket? ticket, out _)
            || TicketRules.Check(ticket, _expectations, _verifier, _now) != TicketVerdict.Accepted)
        {
            return false;
        }

        return TicketLottery.IsWinner(_reveal, _digest, ticket.Ticket.WinProb);
    }

    /// <summary>The anchor: libsecp256k1-class recovery of the signer's public key from the same signature.</summary>
    [Benchmark(Baseline = true)]
    public bool LibSecp256k1Recover() => ECPubKey.TryRecover(Context.Instance, _recoverable, _digest, out _);
}
