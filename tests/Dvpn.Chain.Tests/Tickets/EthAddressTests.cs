using Dvpn.Chain.Tickets;
using Nethereum.Signer;

namespace Dvpn.Chain.Tests.Tickets;

public sealed class EthAddressTests
{
    // The examples of EIP-55.
    public static TheoryData<string> Eip55Examples() => new()
    {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    };

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void ToString_PrintsTheEip55Checksum(string address)
    {
        Assert.True(EthAddress.TryParse(address.ToLowerInvariant(), out EthAddress parsed));
        Assert.Equal(address, parsed.ToString());
        Assert.Equal(parsed, EthAddress.Parse(address));
    }

    [Theory]
    [MemberData(nameof(Eip55Examples))]
    public void TryParse_RejectsAWrongChecksum(string address)
    {
        // Flip the case of one letter: still mixed case, now wrong.
        int i = address.IndexOfAny("abcdefABCDEF".ToCharArray(), 2);
        char flipped = char.IsUpper(address[i]) ? char.ToLowerInvariant(address[i]) : char.ToUpperInvariant(address[i]);
        string bad = address[..i] + flipped + address[(i + 1)..];
        Assert.False(EthAddress.TryParse(bad, out _));
        Assert.Throws<FormatException>(() => EthAddress.Parse(bad));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00")]
    [InlineData("0xzzzeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData(" 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    [InlineData(null)]
    public void TryParse_RejectsMalformedText(string? text) => Assert.False(EthAddress.TryParse(text, out _));

    [Fact]
    public void TryParse_AcceptsAllCapsAndNoPrefix()
    {
        Assert.True(EthAddress.TryParse("5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", out EthAddress a));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", a.ToString());
    }

    [Fact]
    public void FromPublicKey_MatchesNethereum()
    {
        for (int i = 0; i < 5; i++)
        {
            EthECKey key = EthECKey.GenerateKey();
            Assert.Equal(key.GetPublicAddress(), EthAddress.FromPublicKey(key.GetPubKeyNoPrefix()).ToString());
        }
    }

    [Fact]
    public void Bytes_RoundTrip_AndOrderAsUInt160()
    {
        byte[] low = new byte[20];
        low[19] = 1;
        byte[] high = new byte[20];
        high[0] = 1;
        var a = new EthAddress(low);
        var b = new EthAddress(high);
        Assert.Equal(low, a.ToArray());
        Assert.True(a < b);
        Assert.True(EthAddress.Zero < a);
        Assert.True(EthAddress.Zero.IsZero);
        Assert.Equal("0x" + new string('0', 40), EthAddress.Zero.ToString());
        Assert.Throws<ArgumentException>(() => new EthAddress(new byte[19]));
    }
}
