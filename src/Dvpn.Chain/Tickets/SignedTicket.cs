using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Dvpn.Chain.Contracts;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// A ticket with its signer and 65-byte signature <c>r ‖ s ‖ v</c> (v = 27 or 28, s low). Holding one proves
/// nothing: <see cref="TicketVerifier"/> checks that the signature recovers to <see cref="Signer"/>.
/// </summary>
public sealed class SignedTicket
{
    /// <summary>The size of a signature, <c>r ‖ s ‖ v</c>.</summary>
    public const int SignatureSize = 65;

    private const int WordSize = 32;

    private readonly byte[] _signature;

    /// <summary>Pairs a ticket with a signer and signature (copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not 65 bytes.</exception>
    public SignedTicket(Ticket ticket, EthAddress signer, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"a signature is {SignatureSize} bytes (r ‖ s ‖ v), got {signature.Length}",
                nameof(signature));
        }

        Ticket = ticket;
        Signer = signer;
        _signature = signature.ToArray();
    }

    /// <summary>
    /// Pairs a ticket with a signer and signature from an untrusted source; false (never an exception) when the
    /// signature is not 65 bytes. Whether it is valid is <see cref="TicketVerifier"/>'s question.
    /// </summary>
    public static bool TryCreate(Ticket ticket, EthAddress signer, ReadOnlySpan<byte> signature,
        [NotNullWhen(true)] out SignedTicket? signedTicket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        signedTicket = signature.Length == SignatureSize ? new SignedTicket(ticket, signer, signature) : null;
        return signedTicket is not null;
    }

    /// <summary>The signed ticket.</summary>
    public Ticket Ticket { get; }

    /// <summary>The address that signed (claimed; verified by <see cref="TicketVerifier"/>).</summary>
    public EthAddress Signer { get; }

    /// <summary>The 65-byte signature <c>r ‖ s ‖ v</c>.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>
    /// The claim the Lottery takes for this ticket with <paramref name="reveal"/>, packed as docs/protocol.md §1.3:
    /// the ticket fields in three words, the signer in a fourth, and the signature as r and EIP-2098 <c>vs</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="reveal"/> is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">The signature is not a canonical low-s, v = 27/28 one.</exception>
    public LotteryClaim ToClaim(ReadOnlySpan<byte> reveal)
    {
        if (reveal.Length != TicketLottery.RevealSize)
        {
            throw new ArgumentException($"a reveal is {TicketLottery.RevealSize} bytes", nameof(reveal));
        }

        byte v = _signature[2 * WordSize];
        if ((v != 27 && v != 28) || !Secp256k1.Scalar.TryRead(_signature.AsSpan(WordSize, WordSize), out var s) || s.IsHigh)
        {
            // A low s is below 2^255, which leaves vs's top bit free for the parity; a high one cannot be packed.
            throw new InvalidOperationException("the signature is not canonical (v must be 27 or 28, s low)");
        }

        Ticket t = Ticket;
        byte[] vs = _signature.AsSpan(WordSize, WordSize).ToArray();
        vs[0] |= (byte)((v - 27) << 7);

        return new LotteryClaim
        {
            Reveal = reveal.ToArray(),
            Packed0 = ((BigInteger)t.Issued << 192) | ((BigInteger)t.Nonce << 128) | ((BigInteger)t.WinProb << 64) | t.Expiry,
            Packed1 = (ToUInt160(t.Token) << 96) | t.FaceValue,
            Packed2 = (ToUInt160(t.Funder) << 96) | t.Data,
            Packed3 = ToUInt160(Signer) << 96,
            R = _signature.AsSpan(0, WordSize).ToArray(),
            Vs = vs,
        };
    }

    private static BigInteger ToUInt160(EthAddress address)
    {
        Span<byte> bytes = stackalloc byte[EthAddress.Size];
        address.WriteTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Names the ticket without printing the signature in full (only its first bytes, to tell tickets apart).</summary>
    public override string ToString() =>
        $"SignedTicket(signer {Signer}, nonce {Ticket.Nonce}, face {Ticket.FaceValue}, winProb {Ticket.WinProb}, " +
        $"sig {Convert.ToHexStringLower(_signature.AsSpan(0, 4))}…)";
}
