using System.Numerics;
using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Provider.Claims;

namespace Dvpn.Benchmarks;

/// <summary>
/// The disk half of the provider's per-ticket path: <see cref="TicketStore.TryRecord"/> commits the signer's new
/// nonce (and, for a winner, the ticket with its reveal) with synchronous=FULL before the receipt goes out. Records
/// per second is 1 s / Mean; it depends on the disk's fsync latency, not on the CPU. Compare with
/// <see cref="ProviderTicketBenchmarks"/> for the CPU half.
/// </summary>
public class ProviderTicketStoreBenchmarks
{
    private string _directory = null!;
    private TicketStore _store = null!;
    private TicketSigner _signer = null!;
    private SignedTicket _template = null!;
    private byte[] _reveal = null!;
    private ulong _nonce;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("dvpn-bench-store-").FullName;
        _store = TicketStore.Open(Path.Combine(_directory, "provider.db"));
        _signer = new TicketSigner(SignerKey.Generate(), new TicketDomain(31337, EthAddress.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3")));
        _reveal = TicketLottery.NewReveal();
        _template = _signer.Sign(new Ticket
        {
            Recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            Commit = TicketLottery.Commit(_reveal),
            Issued = 1_800_000_000,
            Nonce = 1,
            FaceValue = BigInteger.Pow(10, 16),
            WinProb = 1UL << 58,
            Expiry = 1_800_086_400,
            Token = EthAddress.Zero,
            Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
        });
    }

    // The store does not check signatures (the rules did, before), so every invocation reuses the template's
    // signature with the next nonce: the measurement is the commit, not the signing.
    private SignedTicket Next() =>
        new(_template.Ticket with { Nonce = ++_nonce }, _template.Signer, _template.Signature);

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _signer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A losing ticket: the nonce advance alone, committed.</summary>
    [Benchmark(Baseline = true)]
    public bool RecordLoser() => _store.TryRecord(Next(), ReadOnlySpan<byte>.Empty);

    /// <summary>A winning ticket: nonce advance and the queued winner with its reveal, committed together.</summary>
    [Benchmark]
    public bool RecordWinner() => _store.TryRecord(Next(), _reveal);
}
