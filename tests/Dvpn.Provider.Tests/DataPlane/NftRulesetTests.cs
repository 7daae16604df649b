using System.Net;
using Dvpn.Provider.DataPlane;

namespace Dvpn.Provider.Tests.DataPlane;

public sealed class NftRulesetTests
{
    private static readonly AddressPool Pool = new(IPNetwork.Parse("10.77.0.0/24"), null);

    [Theory]
    [InlineData("dvpnp0", "dvpn_dvpnp0")]
    [InlineData("wg-prov.1", "dvpn_wg_prov_1")]
    public void TableNameFor_KeepsLettersAndDigits_AndReplacesTheRest(string interfaceName, string table)
    {
        Assert.Equal(table, NftRuleset.TableNameFor(interfaceName));
    }

    [Theory]
    [InlineData("wg\"0")]
    [InlineData("wg 0")]
    [InlineData("a-name-longer-than-15")]
    [InlineData("")]
    public void Constructor_InterfaceNameThatCouldBreakTheRules_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new NftRuleset(name, "eth0", Pool, 7001, true));
        Assert.Throws<ArgumentException>(() => new NftRuleset("wg0", name, Pool, 7001, true));
    }

    [Fact]
    public void InstallScript_ReplacesTheTableInOneTransaction()
    {
        string script = new NftRuleset("wg0", "eth0", Pool, 7001, true).BuildInstallScript();

        Assert.StartsWith("table inet dvpn_wg0\ndelete table inet dvpn_wg0\ntable inet dvpn_wg0 {\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallScript_WithoutIPv6Pool_HasNoIPv6GatewayOrMasquerade()
    {
        string script = new NftRuleset("wg0", "eth0", Pool, 7001, true).BuildInstallScript();

        Assert.Contains("oifname \"eth0\" ip saddr 10.77.0.0/24 masquerade", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ip6 saddr", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ip6 daddr fd", script, StringComparison.Ordinal);
    }
}
