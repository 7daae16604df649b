using System.Numerics;
using Dvpn.Chain.Tickets;

namespace Dvpn.Chain.Tests.Tickets;

public sealed class TicketTests
{
    [Fact]
    public void FaceValue_AtOrAbove2To96_Throws()
    {
        Ticket t = TicketVectors.Basic();
        Assert.Equal(Ticket.MaxUInt96, (t with { FaceValue = Ticket.MaxUInt96 }).FaceValue);
        Assert.Throws<ArgumentOutOfRangeException>(() => t with { FaceValue = BigInteger.One << 96 });
        Assert.Throws<ArgumentOutOfRangeException>(() => t with { FaceValue = -1 });
    }

    [Fact]
    public void Data_AtOrAbove2To96_Throws()
    {
        Ticket t = TicketVectors.Basic();
        Assert.Throws<ArgumentOutOfRangeException>(() => t with { Data = BigInteger.One << 96 });
        Assert.Throws<ArgumentOutOfRangeException>(() => t with { Data = -1 });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Commit_NotThirtyTwoBytes_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => TicketVectors.Basic() with { Commit = new byte[length] });

    [Fact]
    public void Nonce_Zero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketVectors.Basic() with { Nonce = 0 });

    [Fact]
    public void Commit_IsCopied_SoTheCallerCannotMutateTheTicket()
    {
        byte[] commit = new byte[32];
        Ticket t = TicketVectors.Basic() with { Commit = commit };
        byte[] before = TicketVectors.Domain.Digest(t);
        commit[0] = 1;
        Assert.Equal(before, TicketVectors.Domain.Digest(t));
    }

    [Fact]
    public void Equality_ComparesCommitBytes()
    {
        Assert.Equal(TicketVectors.Basic(), TicketVectors.Basic());
        Assert.Equal(TicketVectors.Basic().GetHashCode(), TicketVectors.Basic().GetHashCode());
        Assert.NotEqual(TicketVectors.Basic(), TicketVectors.Basic() with { Commit = new byte[32] });
        Assert.NotEqual(TicketVectors.Basic(), TicketVectors.Basic() with { Data = 7 });
    }

    [Fact]
    public void ExpectedValue_IsFaceTimesProbabilityOver2To64()
    {
        Ticket t = TicketVectors.Basic() with { FaceValue = 1_000_000, WinProb = 1UL << 62 };
        Assert.Equal(new BigInteger(250_000), t.ExpectedValue);
    }
}
