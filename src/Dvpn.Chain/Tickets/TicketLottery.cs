using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// The commit-reveal lottery of docs/protocol.md §1.2: reveals and commits, the win rule, expected values, and the
/// choice of face value and win probability for an amount owed.
/// </summary>
public static class TicketLottery
{
    /// <summary>The size of a reveal.</summary>
    public const int RevealSize = 32;

    /// <summary>The default ticket efficiency: claim gas at most 3% of the face value.</summary>
    public const double DefaultEfficiency = 0.97;

    private static readonly BigInteger s_two64 = BigInteger.One << 64;

    /// <summary>Fills <paramref name="reveal"/> (32 bytes) from the system's cryptographic random source.</summary>
    /// <exception cref="ArgumentException"><paramref name="reveal"/> is not 32 bytes.</exception>
    public static void NewReveal(Span<byte> reveal)
    {
        RequireReveal(reveal);
        RandomNumberGenerator.Fill(reveal);
    }

    /// <summary>A fresh random 32-byte reveal.</summary>
    public static byte[] NewReveal()
    {
        byte[] reveal = new byte[RevealSize];
        RandomNumberGenerator.Fill(reveal);
        return reveal;
    }

    /// <summary>Writes <c>commit = keccak256(reveal)</c> to <paramref name="commit"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException">A span is not 32 bytes.</exception>
    public static void Commit(ReadOnlySpan<byte> reveal, Span<byte> commit)
    {
        RequireReveal(reveal);
        if (commit.Length != Ticket.CommitSize)
        {
            throw new ArgumentException($"a commit is {Ticket.CommitSize} bytes", nameof(commit));
        }

        Keccak256.Hash(reveal, commit);
    }

    /// <summary><c>keccak256(reveal)</c> as a new array.</summary>
    /// <exception cref="ArgumentException"><paramref name="reveal"/> is not 32 bytes.</exception>
    public static byte[] Commit(ReadOnlySpan<byte> reveal)
    {
        byte[] commit = new byte[Ticket.CommitSize];
        Commit(reveal, commit);
        return commit;
    }

    /// <summary>
    /// The win rule: <c>uint64(uint256(keccak256(reveal ‖ digest))) &lt; winProb</c>, i.e. the last 8 bytes of the
    /// hash, big-endian, below <paramref name="winProb"/>. <c>winProb = 0</c> never wins.
    /// </summary>
    /// <exception cref="ArgumentException">A span is not 32 bytes.</exception>
    public static bool IsWinner(ReadOnlySpan<byte> reveal, ReadOnlySpan<byte> digest, ulong winProb)
    {
        RequireReveal(reveal);
        if (digest.Length != TicketDomain.HashSize)
        {
            throw new ArgumentException($"a digest is {TicketDomain.HashSize} bytes", nameof(digest));
        }

        Span<byte> hash = stackalloc byte[Keccak256.Size];
        Keccak256.Hash(reveal, digest, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash[(Keccak256.Size - sizeof(ulong))..]) < winProb;
    }

    /// <summary>The expected value of a ticket, <c>faceValue * winProb / 2^64</c> rounded down.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="faceValue"/> is negative.</exception>
    public static BigInteger ExpectedValue(BigInteger faceValue, ulong winProb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faceValue);
        return (faceValue * winProb) >> 64;
    }

    /// <summary>
    /// Chooses a face value and win probability for a ticket worth <paramref name="owed"/>. The face value is at
    /// least <c>claimGasCost / (1 - efficiency)</c>, so claiming a winner costs at most <c>1 - efficiency</c> of what
    /// it pays, and at least <paramref name="owed"/>. The win probability is rounded up, so the expected value
    /// <c>faceValue * winProb / 2^64</c>, exact or rounded down, is never below <paramref name="owed"/> and exceeds
    /// it by less than <c>faceValue / 2^64</c>; when that would need a probability of 1 the face value grows
    /// instead, as <c>winProb</c> tops out at 2^64 - 1.
    /// </summary>
    /// <param name="owed">The value the ticket must carry, in the token's smallest unit.</param>
    /// <param name="claimGasCost">What claiming one ticket costs, in the same unit.</param>
    /// <param name="efficiency">The share of the face value the recipient keeps after gas; default 0.97.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A negative amount, an efficiency outside (0, 1), or a face value that would not fit a uint96.
    /// </exception>
    public static TicketSize Size(BigInteger owed, BigInteger claimGasCost, double efficiency = DefaultEfficiency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(owed);
        ArgumentOutOfRangeException.ThrowIfNegative(claimGasCost);
        if (!(efficiency > 0 && efficiency < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(efficiency), efficiency, "must be strictly between 0 and 1");
        }

        // The gas share 1 - efficiency in parts per billion, exact for the usual inputs (0.97 -> 30,000,000), so
        // the floating-point efficiency never leaks rounding into token amounts.
        const long Billion = 1_000_000_000;
        long lossPpb = (long)Math.Round((1 - efficiency) * Billion);
        if (lossPpb < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(efficiency), efficiency, "must leave at least 1 ppb for gas");
        }

        BigInteger minFace = CeilDiv(claimGasCost * Billion, lossPpb);
        BigInteger face = BigInteger.Max(minFace, owed);
        if (owed.IsZero)
        {
            return Checked(new TicketSize(face, 0));
        }

        BigInteger winProb = CeilDiv(owed * s_two64, face);
        if (winProb >= s_two64)
        {
            // Even a sure ticket (2^64 - 1) needs a slightly larger face to carry owed in expectation.
            winProb = ulong.MaxValue;
            face = BigInteger.Max(face, CeilDiv(owed * s_two64, ulong.MaxValue));
        }

        return Checked(new TicketSize(face, (ulong)winProb));
    }

    private static TicketSize Checked(TicketSize size) =>
        size.FaceValue > Ticket.MaxUInt96
            ? throw new ArgumentOutOfRangeException(nameof(size), size.FaceValue, "the face value does not fit a uint96")
            : size;

    private static BigInteger CeilDiv(BigInteger numerator, BigInteger denominator) =>
        BigInteger.DivRem(numerator, denominator, out BigInteger remainder) + (remainder.IsZero ? 0 : 1);

    private static void RequireReveal(ReadOnlySpan<byte> reveal)
    {
        if (reveal.Length != RevealSize)
        {
            throw new ArgumentException($"a reveal is {RevealSize} bytes, got {reveal.Length}", nameof(reveal));
        }
    }
}
