using System.Net;
using Dvpn.Provider.Tests.Support;
using Dvpn.Devnet.Providers;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// A provider missing something it needs does not start half-way: it says what is wrong (naming the setting), exits
/// with code 2, never reports ready, and serves nothing.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class StartupRefusalTests(ProviderLab lab)
{
    private const int StartupFailureExitCode = 2;

    [Fact]
    public async Task Provider_WithoutItsKeystore_ExitsWithCode2_NamingTheSetting()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("nokey", IPAddress.Parse("10.99.0.4"));
        using var identity = ProviderIdentity.Create(5);
        File.Delete(identity.KeystorePath);

        await using ProviderProcess provider = ProviderProcess.Launch(site, lab.Settings(site, identity, "10.79.0.0/24"));
        int exitCode = await provider.WaitForExitAsync();

        Assert.True(exitCode == StartupFailureExitCode, $"exit code {exitCode}, output:\n{provider.Output}");
        Assert.Contains("Keystore", provider.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(identity.KeystorePath, provider.Output, StringComparison.Ordinal);
        AssertNeverReady(provider);
    }

    [Fact]
    public async Task Provider_StakedBelowTheMinimum_ExitsWithCode2_NamingTheStake()
    {
        ProviderSite site = await lab.Topology.AddSiteAsync("lowstake", IPAddress.Parse("10.99.0.5"));
        using var identity = ProviderIdentity.Create(ProviderLab.UnderstakedProviderAccount);
        await lab.StakeAsync(identity.Address, ProviderLab.MinStake - 1);

        await using ProviderProcess provider = ProviderProcess.Launch(site, lab.Settings(site, identity, "10.80.0.0/24"));
        int exitCode = await provider.WaitForExitAsync();

        Assert.True(exitCode == StartupFailureExitCode, $"exit code {exitCode}, output:\n{provider.Output}");
        Assert.Contains("stake", provider.Output, StringComparison.OrdinalIgnoreCase);
        AssertNeverReady(provider);
    }

    private static void AssertNeverReady(ProviderProcess provider)
    {
        Assert.False(provider.SentReady, "a provider that refuses to start must not report ready");
        Assert.DoesNotContain("Provider ready", provider.Output, StringComparison.Ordinal);
    }
}
