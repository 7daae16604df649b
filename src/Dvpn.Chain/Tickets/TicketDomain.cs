using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// The EIP-712 domain of one Lottery deployment (docs/protocol.md §1.1): name "DvpnLottery", version "1", the
/// chain id and the contract address. Computes a ticket's <c>hashStruct</c> and signing digest
/// <c>keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(ticket))</c> without allocating.
/// </summary>
public sealed class TicketDomain : IEquatable<TicketDomain>
{
    /// <summary>The EIP-712 domain name.</summary>
    public const string Name = "DvpnLottery";

    /// <summary>The EIP-712 domain version.</summary>
    public const string Version = "1";

    /// <summary>The EIP-712 type of the domain.</summary>
    public const string DomainType = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

    /// <summary>The EIP-712 type of a ticket; the field order is the encoding order.</summary>
    public const string TicketType = "Ticket(address recipient,bytes32 commit,uint64 issued,uint64 nonce,uint96 faceValue," +
        "uint64 winProb,uint64 expiry,address token,address funder,uint96 data)";

    /// <summary>The size of a digest, a domain separator and a struct hash.</summary>
    public const int HashSize = 32;

    private const int Word = 32;

    // typeHash ‖ 10 fields, one 32-byte word each.
    private const int TicketEncodingSize = 11 * Word;

    // 0x19 0x01 ‖ domainSeparator ‖ hashStruct
    private const int DigestInputSize = 2 + HashSize + HashSize;

    private static readonly byte[] s_ticketTypeHash = Keccak256.Hash(Encoding.ASCII.GetBytes(TicketType));

    private readonly byte[] _separator;

    /// <summary>Creates the domain of the Lottery at <paramref name="lottery"/> on chain <paramref name="chainId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chainId"/> is not a uint256.</exception>
    public TicketDomain(BigInteger chainId, EthAddress lottery)
    {
        if (chainId.Sign < 0 || chainId.GetBitLength() > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(chainId), chainId, "the chain id must be a uint256");
        }

        ChainId = chainId;
        Lottery = lottery;

        Span<byte> encoded = stackalloc byte[5 * Word];
        encoded.Clear();
        Keccak256.Hash(Encoding.ASCII.GetBytes(DomainType), encoded[..Word]);
        Keccak256.Hash(Encoding.UTF8.GetBytes(Name), encoded[Word..]);
        Keccak256.Hash(Encoding.UTF8.GetBytes(Version), encoded[(2 * Word)..]);
        chainId.TryWriteBytes(encoded.Slice(3 * Word, Word)[(Word - chainId.GetByteCount(isUnsigned: true))..],
            out _, isUnsigned: true, isBigEndian: true);
        lottery.WriteTo(encoded[((4 * Word) + Word - EthAddress.Size)..]);
        _separator = new byte[HashSize];
        Keccak256.Hash(encoded, _separator);
    }

    /// <summary>The chain id.</summary>
    public BigInteger ChainId { get; }

    /// <summary>The Lottery contract (the EIP-712 <c>verifyingContract</c>).</summary>
    public EthAddress Lottery { get; }

    /// <summary>The EIP-712 domain separator.</summary>
    public ReadOnlySpan<byte> Separator => _separator;

    /// <summary>keccak256 of <see cref="TicketType"/>.</summary>
    public static ReadOnlySpan<byte> TicketTypeHash => s_ticketTypeHash;

    /// <summary>Writes the EIP-712 <c>hashStruct(ticket)</c> to <paramref name="destination"/> (32 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public static void HashStruct(Ticket ticket, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"need {HashSize} bytes", nameof(destination));
        }

        // Every field is a static type, so each encodes as one 32-byte word: addresses and uints right-aligned,
        // bytes32 as is.
        Span<byte> e = stackalloc byte[TicketEncodingSize];
        e.Clear();
        s_ticketTypeHash.CopyTo(e);
        ticket.Recipient.WriteTo(e.Slice((1 * Word) + Word - EthAddress.Size));
        ticket.CommitSpan.CopyTo(e.Slice(2 * Word));
        BinaryPrimitives.WriteUInt64BigEndian(e.Slice((3 * Word) + Word - sizeof(ulong)), ticket.Issued);
        BinaryPrimitives.WriteUInt64BigEndian(e.Slice((4 * Word) + Word - sizeof(ulong)), ticket.Nonce);
        BinaryPrimitives.WriteUInt128BigEndian(e.Slice((5 * Word) + Word - 16), ticket.FaceValue96);
        BinaryPrimitives.WriteUInt64BigEndian(e.Slice((6 * Word) + Word - sizeof(ulong)), ticket.WinProb);
        BinaryPrimitives.WriteUInt64BigEndian(e.Slice((7 * Word) + Word - sizeof(ulong)), ticket.Expiry);
        ticket.Token.WriteTo(e.Slice((8 * Word) + Word - EthAddress.Size));
        ticket.Funder.WriteTo(e.Slice((9 * Word) + Word - EthAddress.Size));
        BinaryPrimitives.WriteUInt128BigEndian(e.Slice((10 * Word) + Word - 16), ticket.Data96);
        Keccak256.Hash(e, destination);
    }

    /// <summary>Writes the digest the signer signs and the contract recovers from (32 bytes).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void Digest(Ticket ticket, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"need {HashSize} bytes", nameof(destination));
        }

        Span<byte> input = stackalloc byte[DigestInputSize];
        input[0] = 0x19;
        input[1] = 0x01;
        _separator.CopyTo(input[2..]);
        HashStruct(ticket, input[(2 + HashSize)..]);
        Keccak256.Hash(input, destination);
    }

    /// <summary>The digest as a new array.</summary>
    public byte[] Digest(Ticket ticket)
    {
        byte[] digest = new byte[HashSize];
        Digest(ticket, digest);
        return digest;
    }

    /// <inheritdoc/>
    public bool Equals(TicketDomain? other) =>
        other is not null && ChainId == other.ChainId && Lottery == other.Lottery;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TicketDomain);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ChainId, Lottery);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} v{Version} on chain {ChainId} at {Lottery}";
}
