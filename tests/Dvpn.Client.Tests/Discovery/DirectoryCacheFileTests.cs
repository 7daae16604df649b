using System.Text;
using System.Text.Json.Nodes;
using Dvpn.Chain.Providers;
using Dvpn.Client.Discovery;
using static Dvpn.Client.Tests.Selection.TestListings;

namespace Dvpn.Client.Tests.Discovery;

public sealed class DirectoryCacheFileTests : IDisposable
{
    private const ulong ChainId = 31337;
    private const string Directory = FakeDirectorySource.DefaultAddress;
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    private string CachePath => _dir.File(DirectoryCacheFile.FileName);

    public void Dispose() => _dir.Dispose();

    private static DirectoryState State(params ProviderListing[] listings) => new(1234, Now.AddMinutes(-5), false, listings, 2);

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryField()
    {
        ProviderListing a = Listing(1, stake: System.Numerics.BigInteger.Pow(2, 255), price: 12345, region: "eu-de");
        ProviderListing b = Listing(2, listed: false, region: "", endpoint: new Uri("https://[2001:db8::1]:9443/path"));
        DirectoryCacheFile.Save(CachePath, ChainId, Directory, State(a, b));

        CacheLoad outcome = DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out DirectoryState? loaded, out string reason);

        Assert.Equal(CacheLoad.Loaded, outcome);
        Assert.Equal("", reason);
        Assert.NotNull(loaded);
        Assert.True(loaded.FromCache);
        Assert.Equal(1234UL, loaded.BlockNumber);
        Assert.Equal(Now.AddMinutes(-5), loaded.FetchedAt);
        Assert.Equal(2, loaded.Rejected);
        Assert.Equal(2, loaded.Listings.Count);
        AssertSame(a, loaded.Listings[0]);
        AssertSame(b, loaded.Listings[1]);
    }

    [Fact]
    public void Save_CreatesAnOwnerOnlyFile()
    {
        DirectoryCacheFile.Save(CachePath, ChainId, Directory, State(Listing(1)));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CachePath));
        }
    }

    [Fact]
    public void Load_NoFile_IsMissing() =>
        Assert.Equal(CacheLoad.Missing, DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out _, out _));

    [Fact]
    public void Load_CacheOfAnotherChain_IsIgnored()
    {
        DirectoryCacheFile.Save(CachePath, 10, Directory, State(Listing(1)));

        Assert.Equal(CacheLoad.OtherChain, DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out DirectoryState? s, out string reason));
        Assert.Null(s);
        Assert.Contains("chain 10", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CacheOfAnotherDirectoryContract_IsIgnored()
    {
        DirectoryCacheFile.Save(CachePath, ChainId, "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", State(Listing(1)));

        Assert.Equal(CacheLoad.OtherChain, DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out _, out _));
    }

    [Fact]
    public void Load_DirectoryAddressInOtherCase_IsTheSameContract()
    {
        DirectoryCacheFile.Save(CachePath, ChainId, Directory.ToLowerInvariant(), State(Listing(1)));

        Assert.Equal(CacheLoad.Loaded, DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out _, out _));
    }

    public static TheoryData<string, string> MalformedFiles => new()
    {
        { "empty", "" },
        { "not JSON", "providers: yes" },
        { "truncated", """{"version":1,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":5,"pro""" },
        { "JSON null", "null" },
        { "array", "[1,2,3]" },
        { "wrong types", """{"version":"one","chainId":31337}""" },
        { "other version", """{"version":2,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":5,"fetchedAt":"2025-06-01T11:00:00+00:00","providers":[]}""" },
        { "no providers", """{"version":1,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":5,"fetchedAt":"2025-06-01T11:00:00+00:00"}""" },
        { "negative block", """{"version":1,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":-5,"fetchedAt":"2025-06-01T11:00:00+00:00","providers":[]}""" },
        { "fetched in the future", """{"version":1,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":5,"fetchedAt":"2025-06-02T12:00:00+00:00","providers":[]}""" },
        { "null entry", """{"version":1,"chainId":31337,"directory":"0x5FbDB2315678afecb367f032d93F642f64180aa3","blockNumber":5,"fetchedAt":"2025-06-01T11:00:00+00:00","providers":[null]}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Load_MalformedFile_IsRejectedWithAReasonAndNeverThrows(string name, string contents)
    {
        File.WriteAllText(CachePath, contents, Encoding.UTF8);

        CacheLoad outcome = DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out DirectoryState? state, out string reason);

        Assert.True(outcome == CacheLoad.Rejected, $"{name}: {outcome}");
        Assert.Null(state);
        Assert.False(string.IsNullOrWhiteSpace(reason), name);
    }

    public static TheoryData<string, string, string> MalformedEntries => new()
    {
        { "address", "address", "0x1234" },
        { "address not hex", "address", "0x" + new string('g', 40) },
        { "endpoint scheme", "endpoint", "http://p.example:8443" },
        { "endpoint relative", "endpoint", "/relative" },
        { "endpoint credentials", "endpoint", "https://user:pw@p.example" },
        { "fingerprint short", "tlsFingerprint", "abcd" },
        { "fingerprint zero", "tlsFingerprint", new string('0', 64) },
        { "wireguard key not base64", "wireGuardPublicKey", "!!!" },
        { "wireguard key short", "wireGuardPublicKey", Convert.ToBase64String(new byte[31]) },
        { "price negative", "pricePerGiB", "-1" },
        { "price not decimal", "pricePerGiB", "0x10" },
        { "stake over uint256", "stake", System.Numerics.BigInteger.Pow(2, 256).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        { "region upper case", "region", "EU-DE" },
        { "region too long", "region", new string('a', 17) },
        { "metadata too long", "metadata", Convert.ToBase64String(new byte[1025]) },
    };

    [Theory]
    [MemberData(nameof(MalformedEntries))]
    public void Load_OneMalformedEntry_RejectsTheWholeFile(string name, string field, string value)
    {
        DirectoryCacheFile.Save(CachePath, ChainId, Directory, State(Listing(1), Listing(2)));
        JsonNode document = JsonNode.Parse(File.ReadAllText(CachePath))!;
        document["providers"]![1]![field] = value;
        File.WriteAllText(CachePath, document.ToJsonString());

        CacheLoad outcome = DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out DirectoryState? state, out string reason);

        Assert.True(outcome == CacheLoad.Rejected, $"{name}: {outcome}");
        Assert.Null(state);
        Assert.Contains("entry #1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameProviderTwice_IsRejected()
    {
        ProviderListing a = Listing(1);
        DirectoryCacheFile.Save(CachePath, ChainId, Directory, State(a, a with { Region = "us-east" }));

        Assert.Equal(CacheLoad.Rejected, DirectoryCacheFile.TryLoad(CachePath, ChainId, Directory, Now, out _, out string reason));
        Assert.Contains("twice", reason, StringComparison.Ordinal);
    }

    private static void AssertSame(ProviderListing expected, ProviderListing actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.Endpoint, actual.Endpoint);
        Assert.Equal(expected.TlsFingerprint.ToArray(), actual.TlsFingerprint.ToArray());
        Assert.Equal(expected.WireGuardPublicKey.ToArray(), actual.WireGuardPublicKey.ToArray());
        Assert.Equal(expected.PricePerGiB, actual.PricePerGiB);
        Assert.Equal(expected.Region, actual.Region);
        Assert.Equal(expected.Metadata.ToArray(), actual.Metadata.ToArray());
        Assert.Equal(expected.Stake, actual.Stake);
        Assert.Equal(expected.Listed, actual.Listed);
    }
}
