using System.Numerics;
using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Client.Payments;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Dvpn.Protocol.Wire;

namespace Dvpn.Benchmarks;

/// <summary>
/// What the client spends on one ticket: <see cref="SizeSignSerialize"/> is the CPU work (size it for the claim cost,
/// build, EIP-712 sign, protobuf-encode); <see cref="AuthorizeInLedger"/> is the ledger's durable write (one SQLite
/// transaction with synchronous=FULL: fsync-bound, so it depends on the disk). The anchor in the same run is
/// <see cref="SignOnly"/>, the secp256k1 signature alone. Payment CPU per GiB = tickets per GiB × (the two).
/// </summary>
[MemoryDiagnoser]
public class ClientTicketBenchmarks
{
    private TicketSigner _signer = null!;
    private SignerKey _key = null!;
    private Ticket _ticket = null!;
    private ClientStore _store = null!;
    private string _directory = null!;
    private SpendPolicy _policy = null!;
    private ulong _nonce;

    [GlobalSetup]
    public void Setup()
    {
        var domain = new TicketDomain(31337, EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"));
        _key = SignerKey.Generate();
        _signer = new TicketSigner(_key, domain);
        _ticket = new Ticket
        {
            Recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            Commit = TicketLottery.Commit(TicketLottery.NewReveal()),
            Issued = 1_800_000_000,
            Nonce = 1,
            FaceValue = BigInteger.Pow(10, 16),
            WinProb = 1UL << 58,
            Expiry = 1_800_007_200,
            Token = EthAddress.Zero,
            Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
        };
        _directory = Directory.CreateTempSubdirectory("dvpn-bench-ledger-").FullName;
        _store = ClientStore.Open(Path.Combine(_directory, "client.db"), TimeProvider.System);
        _policy = new SpendPolicy(null, null, null, null, Dvpn.Client.Options.SpendCapAction.Disconnect, 0.8);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _signer.Dispose();
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public SignedTicket SignOnly() => _signer.Sign(_ticket);

    [Benchmark]
    public int SizeSignSerialize()
    {
        BigInteger claimCost = TicketSizing.ClaimCost(BigInteger.Pow(10, 13), 1_000_000_000, 40_000);
        if (!TicketSizing.TrySize(20_000_000_000_000, claimCost, 0.97, BigInteger.Pow(10, 18), out TicketSize size, out string? problem))
        {
            throw new InvalidOperationException(problem);
        }

        Ticket ticket = _ticket with { FaceValue = size.FaceValue, WinProb = size.WinProb, Nonce = ++_nonce };
        return TicketWire.ToMessage(_signer.Sign(ticket)).CalculateSize();
    }

    [Benchmark]
    public bool AuthorizeInLedger() =>
        _store.AuthorizeTicket(new TicketSpend("00112233445566778899aabbccddeeff", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
            _signer.Address.ToString(), 20_000_000_000_000, BigInteger.Pow(10, 16), 1UL << 58), _policy) is not null;
}
