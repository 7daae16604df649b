using System.Diagnostics;
using System.Reflection;

namespace Dvpn.WireGuard.Tests.Keys;

public sealed class KeyTests
{
    /// <summary>RFC 7748 §6.1: Alice's and Bob's X25519 key pairs.</summary>
    public static TheoryData<string, string> Rfc7748KeyPairs() => new()
    {
        { "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" },
        { "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f" },
    };

    public static TheoryData<string?> InvalidBase64() => new()
    {
        null,
        "",
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk",     // padding missing
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm==",    // 31 bytes
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmkA=",   // too long
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBm*=",    // bad character
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3f mk=",    // space
        "yAnz5TF-lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",    // base64url character
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", // hex, not base64
    };

    public static TheoryData<string?> InvalidHex() => new()
    {
        null,
        "",
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2",   // 63 digits
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a0", // 65 digits
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2g",  // not hex
        " 7076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",  // space
        "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=",                      // base64, not hex
    };

    [Fact]
    public void Generate_ManyKeys_AreAllDifferent()
    {
        HashSet<string> seen = [];
        for (int i = 0; i < 200; i++)
        {
            using PrivateKey key = PrivateKey.Generate();
            using PresharedKey psk = PresharedKey.Generate();
            Assert.True(seen.Add(key.ExportHex()));
            Assert.True(seen.Add(psk.ExportHex()));
        }
    }

    [Theory]
    [MemberData(nameof(Rfc7748KeyPairs))]
    public void PublicKey_Rfc7748Vector_Matches(string privateHex, string publicHex)
    {
        using PrivateKey key = PrivateKey.ParseHex(privateHex);

        Assert.Equal(publicHex, key.PublicKey.ToHex());
    }

    [Fact]
    public async Task PublicKey_OfGeneratedKeys_MatchesWgPubkey()
    {
        for (int i = 0; i < 5; i++)
        {
            using PrivateKey key = PrivateKey.Generate();
            ProcessStartInfo startInfo = new("wg", ["pubkey"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
            using Process wg = Process.Start(startInfo)!;
            await wg.StandardInput.WriteLineAsync(key.ExportBase64());
            wg.StandardInput.Close();
            string expected = (await wg.StandardOutput.ReadToEndAsync()).Trim();
            await wg.WaitForExitAsync();

            Assert.Equal(0, wg.ExitCode);
            Assert.Equal(expected, key.PublicKey.ToBase64());
        }
    }

    [Fact]
    public void PrivateKey_FromBytes_IsClamped()
    {
        using PrivateKey key = PrivateKey.FromBytes(Enumerable.Repeat((byte)0xFF, 32).ToArray());

        byte[] bytes = Convert.FromHexString(key.ExportHex());
        Assert.Equal(0xF8, bytes[0]);
        Assert.Equal(0x7F, bytes[31]);
    }

    [Fact]
    public void RoundTrip_Base64AndHex_GiveTheSameKeys()
    {
        using PrivateKey key = PrivateKey.Generate();
        using PrivateKey fromBase64 = PrivateKey.ParseBase64(key.ExportBase64());
        using PrivateKey fromHex = PrivateKey.ParseHex(key.ExportHex());
        Assert.True(key.SecretEquals(fromBase64));
        Assert.True(key.SecretEquals(fromHex));
        Assert.Equal(key.PublicKey, fromHex.PublicKey);

        using PresharedKey psk = PresharedKey.Generate();
        using PresharedKey pskFromBase64 = PresharedKey.ParseBase64(psk.ExportBase64());
        using PresharedKey pskFromHex = PresharedKey.ParseHex(psk.ExportHex());
        Assert.True(psk.SecretEquals(pskFromBase64));
        Assert.True(psk.SecretEquals(pskFromHex));

        PublicKey pub = key.PublicKey;
        Assert.Equal(pub, PublicKey.ParseBase64(pub.ToBase64()));
        Assert.Equal(pub, PublicKey.ParseHex(pub.ToHex()));
        Assert.Equal(pub, new PublicKey(pub.ToArray()));
        Assert.Equal(44, pub.ToBase64().Length);
        Assert.Equal(pub.ToHex().ToUpperInvariant(), PublicKey.ParseHex(pub.ToHex().ToUpperInvariant()).ToHex().ToUpperInvariant());
    }

    [Theory]
    [MemberData(nameof(InvalidBase64))]
    public void ParseBase64_InvalidText_IsRejectedByEveryKeyType(string? text)
    {
        Assert.False(PublicKey.TryParseBase64(text, out _));
        Assert.False(PrivateKey.TryParseBase64(text, out PrivateKey? key));
        Assert.Null(key);
        Assert.False(PresharedKey.TryParseBase64(text, out PresharedKey? psk));
        Assert.Null(psk);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => PublicKey.ParseBase64(text));
            Assert.Throws<FormatException>(() => PrivateKey.ParseBase64(text));
            Assert.Throws<FormatException>(() => PresharedKey.ParseBase64(text));
        }
    }

    [Theory]
    [MemberData(nameof(InvalidHex))]
    public void ParseHex_InvalidText_IsRejectedByEveryKeyType(string? text)
    {
        Assert.False(PublicKey.TryParseHex(text, out _));
        Assert.False(PrivateKey.TryParseHex(text, out _));
        Assert.False(PresharedKey.TryParseHex(text, out _));
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => PublicKey.ParseHex(text));
            Assert.Throws<FormatException>(() => PrivateKey.ParseHex(text));
            Assert.Throws<FormatException>(() => PresharedKey.ParseHex(text));
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void FromBytes_WrongLength_Throws(int length)
    {
        byte[] bytes = new byte[length];
        Assert.Throws<ArgumentException>(() => new PublicKey(bytes));
        Assert.Throws<ArgumentException>(() => PrivateKey.FromBytes(bytes));
        Assert.Throws<ArgumentException>(() => PresharedKey.FromBytes(bytes));
    }

    [Fact]
    public void ToString_OfSecretKeys_NeverContainsThem()
    {
        using PrivateKey key = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();

        foreach (string secret in new[] { key.ExportBase64(), key.ExportHex(), psk.ExportBase64(), psk.ExportHex() })
        {
            Assert.DoesNotContain(secret, key.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, psk.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, $"{key} {psk}", StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(key.PublicKey.ToBase64(), key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ZeroesTheBufferAndBlocksAccess()
    {
        PrivateKey key = PrivateKey.Generate();
        PresharedKey psk = PresharedKey.Generate();
        byte[] keyBuffer = PeekBuffer(key);
        byte[] pskBuffer = PeekBuffer(psk);
        Assert.Contains(keyBuffer, b => b != 0);
        Assert.Contains(pskBuffer, b => b != 0);

        key.Dispose();
        psk.Dispose();
        key.Dispose(); // idempotent

        Assert.All(keyBuffer, b => Assert.Equal(0, b));
        Assert.All(pskBuffer, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => key.Bytes.Length);
        Assert.Throws<ObjectDisposedException>(() => psk.Bytes.Length);
        Assert.Throws<ObjectDisposedException>(() => key.ExportBase64());
        Assert.Throws<ObjectDisposedException>(() => psk.ExportHex());
    }

    [Fact]
    public void PublicKey_Zero_IsZeroAndEqualityWorks()
    {
        Assert.True(default(PublicKey).IsZero);
        PublicKey a = PrivateKey.Generate().PublicKey;
        PublicKey b = PublicKey.ParseBase64(a.ToBase64());
        Assert.False(a.IsZero);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    private static byte[] PeekBuffer(SecretKeyMaterial key) =>
        (byte[])typeof(SecretKeyMaterial).GetField("_bytes", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(key)!;
}
