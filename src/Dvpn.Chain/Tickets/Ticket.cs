using System.Numerics;

namespace Dvpn.Chain.Tickets;

/// <summary>
/// A lottery ticket, the EIP-712 struct of docs/protocol.md §1.1. Immutable; every property is validated when it
/// is set, so an instance always fits the Solidity types (<c>uint96</c> face value and data, a 32-byte commit, a
/// nonce of at least 1). Build one with an object initializer and derive variants with <c>with</c>.
/// </summary>
public sealed record Ticket
{
    /// <summary>The size of <see cref="Commit"/>.</summary>
    public const int CommitSize = 32;

    /// <summary>The largest value a <c>uint96</c> holds, 2^96 - 1.</summary>
    public static readonly BigInteger MaxUInt96 = (BigInteger.One << 96) - 1;

    private readonly byte[] _commit = new byte[CommitSize];
    private readonly ulong _nonce = 1;
    private readonly UInt128 _faceValue;
    private readonly UInt128 _data;

    /// <summary>The provider that is paid; only this address can claim the ticket.</summary>
    public required EthAddress Recipient { get; init; }

    /// <summary>keccak256 of the provider's current 32-byte reveal (copied on set).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public required ReadOnlyMemory<byte> Commit
    {
        get => _commit;
        init
        {
            if (value.Length != CommitSize)
            {
                throw new ArgumentException($"the commit is {CommitSize} bytes, got {value.Length}", nameof(Commit));
            }

            _commit = value.ToArray();
        }
    }

    /// <summary>Unix seconds when the client signed the ticket (informational on chain).</summary>
    public required ulong Issued { get; init; }

    /// <summary>Per signer, strictly increasing, starting at 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero: the contract can never pay nonce 0.</exception>
    public required ulong Nonce
    {
        get => _nonce;
        init
        {
            ArgumentOutOfRangeException.ThrowIfZero(value, nameof(Nonce));
            _nonce = value;
        }
    }

    /// <summary>What a winning ticket pays, in the token's smallest unit; a <c>uint96</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or at least 2^96.</exception>
    public required BigInteger FaceValue
    {
        get => (BigInteger)_faceValue;
        init => _faceValue = ToUInt96(value, nameof(FaceValue));
    }

    /// <summary>The ticket wins with probability <c>WinProb / 2^64</c>.</summary>
    public required ulong WinProb { get; init; }

    /// <summary>Unix seconds; the ticket is claimable only while <c>block.timestamp &lt; Expiry</c>.</summary>
    public required ulong Expiry { get; init; }

    /// <summary>The ERC-20 that pays, or <see cref="EthAddress.Zero"/> for the chain's native coin.</summary>
    public required EthAddress Token { get; init; }

    /// <summary>With the token and the signer, names the account that pays.</summary>
    public required EthAddress Funder { get; init; }

    /// <summary>96 free bits for the client (e.g. a session tag); signed, not interpreted on chain.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or at least 2^96.</exception>
    public BigInteger Data
    {
        get => (BigInteger)_data;
        init => _data = ToUInt96(value, nameof(Data));
    }

    internal UInt128 FaceValue96 => _faceValue;

    internal UInt128 Data96 => _data;

    internal ReadOnlySpan<byte> CommitSpan => _commit;

    /// <summary>The expected value, <c>FaceValue * WinProb / 2^64</c> rounded down.</summary>
    public BigInteger ExpectedValue => TicketLottery.ExpectedValue(FaceValue, WinProb);

    private static UInt128 ToUInt96(BigInteger value, string name)
    {
        if (value.Sign < 0 || value > MaxUInt96)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a uint96: 0 <= value < 2^96");
        }

        return (UInt128)value;
    }

    /// <inheritdoc/>
    public bool Equals(Ticket? other) =>
        other is not null
        && Recipient == other.Recipient
        && _commit.AsSpan().SequenceEqual(other._commit)
        && Issued == other.Issued
        && _nonce == other._nonce
        && _faceValue == other._faceValue
        && WinProb == other.WinProb
        && Expiry == other.Expiry
        && Token == other.Token
        && Funder == other.Funder
        && _data == other._data;

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(Recipient, Issued, _nonce, _faceValue, WinProb, Expiry, HashCode.Combine(Token, Funder, _data));
}
