using System.Buffers.Binary;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Nethereum.Util;

namespace Dvpn.Chain.Tests.Tickets;

public sealed class TicketLotteryTests
{
    private static readonly byte[] s_digest = TicketVectors.Domain.Digest(TicketVectors.Basic());

    private static ulong Draw(byte[] reveal, byte[] digest) =>
        BinaryPrimitives.ReadUInt64BigEndian(Sha3Keccack.Current.CalculateHash([.. reveal, .. digest]).AsSpan(24));

    [Fact]
    public void Commit_IsKeccakOfReveal()
    {
        byte[] reveal = TicketLottery.NewReveal();
        Assert.Equal(Sha3Keccack.Current.CalculateHash(reveal), TicketLottery.Commit(reveal));
    }

    [Fact]
    public void NewReveal_IsFreshEachTime() =>
        Assert.NotEqual(TicketLottery.NewReveal(), TicketLottery.NewReveal());

    [Fact]
    public void WinProbZero_NeverWins()
    {
        for (int i = 0; i < 1000; i++)
        {
            Assert.False(TicketLottery.IsWinner(TicketLottery.NewReveal(), s_digest, 0));
        }
    }

    [Fact]
    public void WinProbMax_WinsUnlessTheDrawIsMax()
    {
        for (int i = 0; i < 1000; i++)
        {
            byte[] reveal = TicketLottery.NewReveal();
            Assert.Equal(Draw(reveal, s_digest) != ulong.MaxValue, TicketLottery.IsWinner(reveal, s_digest, ulong.MaxValue));
        }
    }

    [Fact]
    public void IsWinner_ComparesTheLast8BytesBigEndian_Strictly()
    {
        for (int i = 0; i < 200; i++)
        {
            byte[] reveal = TicketLottery.NewReveal();
            ulong draw = Draw(reveal, s_digest);
            Assert.False(TicketLottery.IsWinner(reveal, s_digest, draw));
            Assert.Equal(draw != ulong.MaxValue, TicketLottery.IsWinner(reveal, s_digest, draw == ulong.MaxValue ? draw : draw + 1));
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.01)]
    public void WinFrequency_MatchesWinProb_Within6Sigma(double probability)
    {
        const int Trials = 40_000;
        ulong winProb = (ulong)(probability * Math.Pow(2, 64));
        int wins = 0;
        byte[] reveal = new byte[32];
        for (int i = 0; i < Trials; i++)
        {
            TicketLottery.NewReveal(reveal);
            wins += TicketLottery.IsWinner(reveal, s_digest, winProb) ? 1 : 0;
        }

        double expected = Trials * probability;
        double sigma = Math.Sqrt(Trials * probability * (1 - probability));
        Assert.InRange(wins, expected - (6 * sigma), expected + (6 * sigma));
    }

    [Fact]
    public void WrongLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => TicketLottery.IsWinner(new byte[31], s_digest, 1));
        Assert.Throws<ArgumentException>(() => TicketLottery.IsWinner(new byte[32], new byte[31], 1));
        Assert.Throws<ArgumentException>(() => TicketLottery.Commit(new byte[33]));
    }

    [Theory]
    [InlineData("1000000", 18446744073709551615UL, "999999")]
    [InlineData("1000000", 9223372036854775808UL, "500000")]
    [InlineData("3", 6148914691236517205UL, "0")]
    [InlineData("0", 18446744073709551615UL, "0")]
    public void ExpectedValue_RoundsDown(string face, ulong winProb, string expected) =>
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            TicketLottery.ExpectedValue(BigInteger.Parse(face, System.Globalization.CultureInfo.InvariantCulture), winProb));
}
