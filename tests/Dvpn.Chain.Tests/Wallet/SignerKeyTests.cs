using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Nethereum.Signer;

namespace Dvpn.Chain.Tests.Wallet;

public sealed class SignerKeyTests
{
    [Fact]
    public void AddressAndPublicKey_MatchNethereum()
    {
        EthECKey reference = EthECKey.GenerateKey();
        using SignerKey key = SignerKey.FromPrivateKey(reference.GetPrivateKeyAsBytes());
        Assert.Equal(reference.GetPublicAddress(), key.Address.ToString());
        Assert.Equal(reference.GetPubKeyNoPrefix(), key.PublicKey.ToArray());
        Assert.Equal(reference.GetPublicAddress(), key.CreateEthECKey().GetPublicAddress());
    }

    [Fact]
    public void Dispose_ZeroesTheKey_AndBlocksUse()
    {
        SignerKey key = SignerKey.Generate();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.PrivateKey.ToArray());
        Assert.Throws<ObjectDisposedException>(() => key.CreateEthECKey());
        key.Dispose();
    }

    [Fact]
    public void ToString_ShowsTheAddressOnly()
    {
        using SignerKey key = SignerKey.Generate();
        string text = key.ToString();
        Assert.Contains(key.Address.ToString(), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(key.PrivateKey)[..8], text.ToLowerInvariant(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadKeys() => new()
    {
        "", "00", "0000000000000000000000000000000000000000000000000000000000000000",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
        "000000000000000000000000000000000000000000000000000000000000000001",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void FromPrivateKey_RejectsInvalidKeys_WithoutEchoingThem(string hex)
    {
        var e = Assert.Throws<ArgumentException>(() => SignerKey.FromPrivateKey(Convert.FromHexString(hex)));
        if (hex.Length > 4)
        {
            Assert.DoesNotContain(hex, e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void FromPrivateKey_AcceptsNMinusOne()
    {
        using SignerKey key = SignerKey.FromPrivateKey(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140"));
        Assert.NotEqual(EthAddress.Zero, key.Address);
    }
}
