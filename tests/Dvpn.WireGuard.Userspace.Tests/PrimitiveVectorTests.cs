using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Tests;

/// <summary>Known-answer tests for the primitives.</summary>
public sealed class PrimitiveVectorTests
{
    [Theory]
    [InlineData("", "69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9")] // RFC 7693 / BLAKE2 reference
    [InlineData("abc", "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982")] // RFC 7693 Appendix B
    public void Blake2sHash_KnownInputs_MatchReferenceDigests(string input, string expectedHex)
    {
        byte[] digest = new byte[Blake2s.HashSize];

        Blake2s.Hash(System.Text.Encoding.ASCII.GetBytes(input), digest);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Blake2sHash_TwoParts_EqualsHashOfConcatenation()
    {
        byte[] a = RandomNumberGenerator.GetBytes(70);
        byte[] b = RandomNumberGenerator.GetBytes(13);
        byte[] split = new byte[32];
        byte[] whole = new byte[32];

        Blake2s.Hash(a, b, split);
        Blake2s.Hash([.. a, .. b], whole);

        Assert.Equal(whole, split);
    }

    [Fact]
    public void Hmac_MatchesRfc2104DefinitionOverBlake2s()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] message = RandomNumberGenerator.GetBytes(100);
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++)
        {
            byte k = i < key.Length ? key[i] : (byte)0;
            ipad[i] = (byte)(k ^ 0x36);
            opad[i] = (byte)(k ^ 0x5c);
        }

        byte[] inner = new byte[32];
        byte[] expected = new byte[32];
        Blake2s.Hash(ipad, message, inner);
        Blake2s.Hash(opad, inner, expected);
        byte[] actual = new byte[32];
        Blake2s.Hmac(key, message, actual);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void HChaCha20_DraftXChaChaVector_MatchesSubkey()
    {
        // draft-irtf-cfrg-xchacha-03 §2.2.1.
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = Convert.FromHexString("000000090000004a0000000031415927");
        byte[] subkey = new byte[32];

        HChaCha20.DeriveSubkey(key, nonce, subkey);

        Assert.Equal("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc", Convert.ToHexStringLower(subkey));
    }

    [Fact]
    public void XAead_RoundTripAndTamper_OpensOnlyUntouched()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] nonce = RandomNumberGenerator.GetBytes(XAead.NonceSize);
        byte[] cookie = RandomNumberGenerator.GetBytes(16);
        byte[] ad = RandomNumberGenerator.GetBytes(16);
        byte[] sealedCookie = new byte[32];
        byte[] opened = new byte[16];

        XAead.Seal(key, nonce, cookie, ad, sealedCookie);

        Assert.True(XAead.TryOpen(key, nonce, sealedCookie, ad, opened));
        Assert.Equal(cookie, opened);
        sealedCookie[3] ^= 1;
        Assert.False(XAead.TryOpen(key, nonce, sealedCookie, ad, opened));
    }

    [Fact]
    public void Tai64N_UnixEpoch_IsLabelPlusTenSeconds()
    {
        byte[] stamp = new byte[Tai64N.Size];

        Tai64N.Write(DateTimeOffset.UnixEpoch.AddSeconds(1), stamp);

        Assert.Equal("400000000000000b00000000", Convert.ToHexStringLower(stamp));
    }

    [Fact]
    public void Tai64N_LaterTime_IsAfter()
    {
        byte[] earlier = new byte[Tai64N.Size];
        byte[] later = new byte[Tai64N.Size];
        DateTimeOffset t = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

        Tai64N.Write(t, earlier);
        Tai64N.Write(t.AddMilliseconds(100), later);

        Assert.True(Tai64N.IsAfter(later, earlier));
        Assert.False(Tai64N.IsAfter(earlier, later));
        Assert.False(Tai64N.IsAfter(earlier, earlier));
    }
}
