using BenchmarkDotNet.Attributes;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Nethereum.Signer;

namespace Dvpn.Benchmarks;

/// <summary>
/// The ticket operations per call: digest, sign, the verification paths, and the win check. Ops/s on one core is
/// 1 s / Mean. <see cref="NethereumRecover"/> is the anchor: Nethereum's stock ecrecover on the same digest and
/// signature, recomputing the digest and comparing addresses like our verifiers do.
/// </summary>
[MemoryDiagnoser]
public class TicketBenchmarks
{
    private readonly byte[] _digest = new byte[32];
    private SignerKey _key = null!;
    private TicketSigner _signer = null!;
    private Ticket _ticket = null!;
    private SignedTicket _signed = null!;
    private TicketVerifier _recovering = null!;
    private TicketVerifier _caching = null!;
    private SignerPublicKey _known = null!;
    private EthECDSASignature _nethereumSignature = null!;
    private string _address = null!;
    private byte[] _reveal = null!;
    private NBitcoin.Secp256k1.ECPrivKey _nbitcoinKey = null!;

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
            Issued = 1_700_000_000,
            Nonce = 12345,
            FaceValue = 1_000_000_000_000_000_000,
            WinProb = 1UL << 58,
            Expiry = 1_700_086_400,
            Token = EthAddress.Zero,
            Funder = EthAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"),
            Data = 7,
        };
        _signed = _signer.Sign(_ticket);
        domain.Digest(_ticket, _digest);
        _recovering = new TicketVerifier(domain, signerCacheSize: 0);
        _caching = new TicketVerifier(domain);
        _caching.Verify(_signed, _key.Address);
        SignerPublicKey.TryCreate(_key.PublicKey, out SignerPublicKey? known);
        _known = known!;
        ReadOnlySpan<byte> sig = _signed.Signature;
        _nethereumSignature = EthECDSASignatureFactory.FromComponents(sig[..32].ToArray(), sig.Slice(32, 32).ToArray(), sig[64]);
        _address = _key.Address.ToString();
        _reveal = TicketLottery.NewReveal();
        _nbitcoinKey = NBitcoin.Secp256k1.Context.Instance.CreateECPrivKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signer.Dispose();
        _key.Dispose();
    }

    [Benchmark]
    public byte Digest()
    {
        Span<byte> digest = stackalloc byte[32];
        _signer.Domain.Digest(_ticket, digest);
        return digest[0];
    }

    [Benchmark]
    public SignedTicket Sign() => _signer.Sign(_ticket);

    /// <summary>The anchor: Nethereum's stock recovery (BouncyCastle), the default.</summary>
    /// <summary>NBitcoin's recoverable signing alone: the floor under <see cref="Sign"/>.</summary>
    [Benchmark]
    public bool SignatureOnly() => _nbitcoinKey.TrySignRecoverable(_digest, out _);

    [Benchmark(Baseline = true)]
    public bool NethereumRecover()
    {
        EthECKey.SignRecoverable = false;
        return EthECKey.RecoverFromSignature(_nethereumSignature, _signer.Domain.Digest(_ticket)).GetPublicAddress() == _address;
    }

    /// <summary>Nethereum with the process-wide <c>SignRecoverable</c> switch on, which routes through NBitcoin.</summary>
    [Benchmark]
    public bool NethereumRecoverSignRecoverable()
    {
        EthECKey.SignRecoverable = true;
        try
        {
            return EthECKey.RecoverFromSignature(_nethereumSignature, _signer.Domain.Digest(_ticket)).GetPublicAddress() == _address;
        }
        finally
        {
            EthECKey.SignRecoverable = false;
        }
    }

    [Benchmark]
    public bool VerifyByRecovery() => _recovering.Verify(_signed, _key.Address);

    [Benchmark]
    public bool VerifyCachedSigner() => _caching.Verify(_signed, _key.Address);

    [Benchmark]
    public bool VerifyKnownKey() => _caching.Verify(_signed, _known);

    [Benchmark]
    public bool RecoverOnly() => TicketVerifier.TryRecoverSigner(_digest, _signed.Signature, out _);

    [Benchmark]
    public bool WinCheck() => TicketLottery.IsWinner(_reveal, _digest, _ticket.WinProb);
}
