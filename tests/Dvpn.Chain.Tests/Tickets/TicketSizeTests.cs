using System.Numerics;
using Dvpn.Chain.Tickets;

namespace Dvpn.Chain.Tests.Tickets;

public sealed class TicketSizeTests
{
    private static readonly BigInteger s_two64 = BigInteger.One << 64;

    /// <summary>owed, gas, efficiency.</summary>
    public static TheoryData<string, string, double> Cases() => new()
    {
        { "1000", "50000", 0.97 },            // small payment, face set by gas
        { "1", "1", 0.97 },
        { "7", "3", 0.5 },
        { "1000000000000000", "21000000000000", 0.97 },
        { "5000000", "10", 0.97 },           // owed above the gas floor: a near-certain ticket
        { "18446744073709551615", "1", 0.97 }, // owed = 2^64 - 1
        { "79228162514264337593543950", "100", 0.97 }, // owed near 2^86
        { "123456789", "987654321", 0.999 },
        { "0", "5000", 0.97 },
    };

    private static BigInteger Parse(string s) => BigInteger.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Size_KeepsGasUnderTheLossShare_AndNeverUndershootsOwed(string owedText, string gasText, double efficiency)
    {
        BigInteger owed = Parse(owedText), gas = Parse(gasText);
        TicketSize size = TicketLottery.Size(owed, gas, efficiency);

        // Gas at most (1 - efficiency) of the face value (integer-exact via ppb, as the implementation documents).
        long lossPpb = (long)Math.Round((1 - efficiency) * 1e9);
        Assert.True(gas * 1_000_000_000 <= size.FaceValue * lossPpb);
        Assert.True(size.FaceValue >= owed);
        Assert.True(size.FaceValue <= Ticket.MaxUInt96);

        // Exact expected value >= owed, and not more than one face/2^64 above it.
        BigInteger exact = size.FaceValue * size.WinProb;
        Assert.True(exact >= owed * s_two64);
        Assert.True(exact - (owed * s_two64) < size.FaceValue + s_two64);
        Assert.True(size.ExpectedValue >= owed);

        // The probability is the smallest that carries owed: one less undershoots (unless it is already 0).
        if (size.WinProb > 0 && size.WinProb < ulong.MaxValue)
        {
            Assert.True(size.FaceValue * (size.WinProb - 1) < owed * s_two64);
        }
    }

    [Fact]
    public void Size_ForSmallOwed_UsesTheGasFloorFace()
    {
        TicketSize size = TicketLottery.Size(owed: 1000, claimGasCost: 30_000);
        Assert.Equal(new BigInteger(1_000_000), size.FaceValue);
        Assert.Equal((ulong)((BigInteger)1000 * s_two64 / 1_000_000) + 1, size.WinProb);
    }

    [Fact]
    public void Size_ForOwedAboveTheFloor_IsANearCertainTicketWithAFaceJustAboveOwed()
    {
        TicketSize size = TicketLottery.Size(owed: 5_000_000, claimGasCost: 10);
        Assert.Equal(ulong.MaxValue, size.WinProb);
        Assert.Equal(new BigInteger(5_000_001), size.FaceValue);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Size_RejectsEfficiencyOutsideZeroToOne(double efficiency) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLottery.Size(1, 1, efficiency));

    [Fact]
    public void Size_RejectsNegativeAmounts_AndFacesBeyondUInt96()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLottery.Size(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLottery.Size(1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLottery.Size(Ticket.MaxUInt96, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TicketLottery.Size(1, Ticket.MaxUInt96));
    }
}
