using System.Text;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

/// <summary>Random and mutated input never throws: it parses or it is refused with EINVAL (seeded, so failures replay).</summary>
public sealed class UapiSetParserFuzzTests
{
    private static readonly byte[] Valid = Encoding.ASCII.GetBytes(UapiSetParserTests.Example);

    /// <summary>Bytes that matter to the grammar, so random input reaches past the first line now and then.</summary>
    private static readonly byte[] Interesting = Encoding.ASCII.GetBytes("\n\n==:/[]%.0123456789abcdefABCDEF_ -");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryParse_RandomBytes_NeverThrows(int seed)
    {
        SeededRandom random = new((ulong)seed);
        for (int i = 0; i < 3000; i++)
        {
            byte[] input = new byte[random.Next(0, 300)];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = random.Next(3) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
            }

            AssertParsesOrRefuses(input);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void TryParse_MutatedValidRequest_NeverThrows(int seed)
    {
        SeededRandom random = new((ulong)seed);
        int parsed = 0;
        for (int i = 0; i < 3000; i++)
        {
            List<byte> input = [.. Valid];
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && input.Count > 0; m++)
            {
                int at = random.Next(input.Count);
                switch (random.Next(4))
                {
                    case 0:
                        input[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        input.Insert(at, random.Next(2) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)]);
                        break;
                    case 2:
                        input.RemoveAt(at);
                        break;
                    default:
                        input.RemoveRange(at, input.Count - at);
                        break;
                }
            }

            parsed += AssertParsesOrRefuses([.. input]) ? 1 : 0;
        }

        // Some mutations keep the request valid (a changed key digit, a changed port), so both outcomes are exercised.
        Assert.InRange(parsed, 1, 2999);
    }

    [Fact]
    public void TryParse_EveryTruncationOfAValidRequest_IsRefused()
    {
        for (int length = 0; length < Valid.Length; length++)
        {
            Assert.False(AssertParsesOrRefuses(Valid.AsSpan(0, length).ToArray()), $"truncated at {length}");
        }

        Assert.True(AssertParsesOrRefuses(Valid));
    }

    [Fact]
    public void TryReadLine_RandomLines_NeverThrow()
    {
        SeededRandom random = new(21);
        UapiSetParser parser = new();
        for (int i = 0; i < 5000; i++)
        {
            byte[] line = new byte[random.Next(0, 120)];
            random.NextBytes(line);
            UapiError error = default;
            Exception? thrown = Record.Exception(() => parser.TryReadLine(line, out error));
            Assert.Null(thrown);
            if (error.Message is not null)
            {
                Assert.Equal(UapiError.InvalidArgument, error.Errno);
                parser = new UapiSetParser();
            }
        }
    }

    private static bool AssertParsesOrRefuses(byte[] input)
    {
        bool ok = false;
        UapiSetRequest? request = null;
        UapiError error = default;
        Exception? thrown = Record.Exception(() => ok = UapiSetParser.TryParse(input, out request, out error));

        Assert.Null(thrown);
        if (ok)
        {
            Assert.NotNull(request);
        }
        else
        {
            Assert.Null(request);
            Assert.Equal(UapiError.InvalidArgument, error.Errno);
            Assert.False(string.IsNullOrEmpty(error.Message));
        }

        return ok;
    }
}
