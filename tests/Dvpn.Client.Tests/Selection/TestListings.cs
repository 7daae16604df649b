using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Providers;

namespace Dvpn.Client.Tests.Selection;

/// <summary>Well-formed listings for unit tests, numbered so that addresses are predictable.</summary>
internal static class TestListings
{
    public static string AddressOf(int n) => "0x" + n.ToString("x40", CultureInfo.InvariantCulture);

    public static ProviderListing Listing(int n, BigInteger? stake = null, BigInteger? price = null, string region = "eu-de",
        bool listed = true, Uri? endpoint = null) => new(
        AddressOf(n),
        endpoint ?? new Uri($"https://p{n}.example:8443"),
        [.. RandomNumberGenerator.GetBytes(32)],
        [.. RandomNumberGenerator.GetBytes(32)],
        price ?? 1000,
        region,
        [.. "{\"name\":\"test\"}"u8],
        stake ?? 100,
        listed);
}
