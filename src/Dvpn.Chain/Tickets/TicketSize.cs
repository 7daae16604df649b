using System.Numerics;

namespace Dvpn.Chain.Tickets;

/// <summary>A ticket's face value and win probability, as <see cref="TicketLottery.Size"/> chooses them.</summary>
/// <param name="FaceValue">What a winning ticket pays, in the token's smallest unit.</param>
/// <param name="WinProb">The win probability as a fraction of 2^64.</param>
public readonly record struct TicketSize(BigInteger FaceValue, ulong WinProb)
{
    /// <summary>The expected value, <c>FaceValue * WinProb / 2^64</c> rounded down.</summary>
    public BigInteger ExpectedValue => TicketLottery.ExpectedValue(FaceValue, WinProb);
}
