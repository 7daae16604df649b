using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Wire;
using Google.Protobuf;

namespace Dvpn.Protocol.Tests.Wire;

public sealed class WireAmountTests
{
    public static TheoryData<string> Amounts => new() { "0", "1", "255", "256", "1000000000000000000", ((BigInteger.One << 256) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Amount_RoundTrips_Minimally(string text)
    {
        var value = BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        ByteString bytes = WireAmount.ToBytes(value);
        Assert.True(WireAmount.TryRead(bytes, out BigInteger read));
        Assert.Equal(value, read);
        Assert.True(bytes.Length == 0 || bytes[0] != 0, "the encoding has no leading zero byte");
    }

    [Fact]
    public void Amount_Zero_IsEmpty() => Assert.Equal(0, WireAmount.ToBytes(BigInteger.Zero).Length);

    [Fact]
    public void Amount_LeadingZeros_AreAccepted()
    {
        Assert.True(WireAmount.TryRead(ByteString.CopyFrom(0, 0, 1, 0), out BigInteger value));
        Assert.Equal(256, value);
    }

    [Fact]
    public void Amount_Over32Bytes_IsRejected() => Assert.False(WireAmount.TryRead(ByteString.CopyFrom(new byte[33]), out _));

    [Fact]
    public void Amount_NegativeOrTooLarge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WireAmount.ToBytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireAmount.ToBytes(BigInteger.One << 256));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(21)]
    public void Address_OfWrongSize_IsRejected(int size) => Assert.False(WireAddress.TryRead(ByteString.CopyFrom(new byte[size]), out _));

    [Fact]
    public void Address_RoundTrips()
    {
        EthAddress address = ProtocolFixtures.Funder;
        Assert.True(WireAddress.TryRead(WireAddress.ToBytes(address), out EthAddress read));
        Assert.Equal(address, read);
    }
}
