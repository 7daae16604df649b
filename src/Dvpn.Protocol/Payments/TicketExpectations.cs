using System.Numerics;
using Dvpn.Chain.Tickets;

namespace Dvpn.Protocol.Payments;

/// <summary>What a provider expects of the next ticket in a session (docs/protocol.md §3.3).</summary>
public sealed class TicketExpectations
{
    /// <summary>The provider's address.</summary>
    public required EthAddress Recipient { get; init; }

    /// <summary>The session's lottery account.</summary>
    public required EthAddress Funder { get; init; }

    /// <summary>The session's signer.</summary>
    public required EthAddress Signer { get; init; }

    /// <summary>The session's token.</summary>
    public required EthAddress Token { get; init; }

    /// <summary>The commit the provider currently hands out.</summary>
    public required ReadOnlyMemory<byte> Commit { get; init; }

    /// <summary>The commit before the last rotation, still accepted until <see cref="PreviousCommitValidUntil"/>.</summary>
    public ReadOnlyMemory<byte> PreviousCommit { get; init; }

    /// <summary>When <see cref="PreviousCommit"/> stops being accepted.</summary>
    public DateTimeOffset PreviousCommitValidUntil { get; init; }

    /// <summary>The highest nonce accepted from this signer so far (0 = none); a ticket must exceed it.</summary>
    public required ulong LastNonce { get; init; }

    /// <summary>The least time a ticket must still be valid for, so the provider can claim it.</summary>
    public required TimeSpan MinLifetime { get; init; }

    /// <summary>What claiming one ticket costs, in the token's unit: a face value at or below it is refused.</summary>
    public required BigInteger ClaimCost { get; init; }

    /// <summary>The account's balance on chain (cached): a face value above it could not be paid.</summary>
    public required BigInteger AccountBalance { get; init; }

    /// <summary>How far in the future <c>issued</c> may be. Default 60 s.</summary>
    public TimeSpan MaxClockSkew { get; init; } = ProtocolConstants.DefaultMaxClockSkew;
}
