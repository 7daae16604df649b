using Dvpn.Chain.Tickets;

namespace Dvpn.Protocol.Sessions;

/// <summary>What a provider expects of every OpenSession request.</summary>
public sealed class SessionRequestExpectations
{
    /// <summary>The provider's chain id.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>The provider's lottery contract.</summary>
    public required EthAddress Lottery { get; init; }

    /// <summary>The provider's own address.</summary>
    public required EthAddress Provider { get; init; }

    /// <summary>The tokens the provider takes (zero address = native coin).</summary>
    public required IReadOnlySet<EthAddress> AcceptedTokens { get; init; }

    /// <summary>How far a timestamp may be from the provider's clock. Default 60 s.</summary>
    public TimeSpan MaxClockSkew { get; init; } = ProtocolConstants.DefaultMaxClockSkew;

    /// <summary>How many recent request digests are remembered against replay. Default 100,000.</summary>
    public int ReplayCapacity { get; init; } = 100_000;
}
