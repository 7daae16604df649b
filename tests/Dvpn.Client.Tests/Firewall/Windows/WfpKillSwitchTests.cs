using System.Runtime.Versioning;
using Dvpn.Client.Firewall;
using Dvpn.Client.Firewall.Windows;

namespace Dvpn.Client.Tests.Firewall.Windows;

/// <summary>
/// What of <see cref="WfpKillSwitch"/> can run off Windows: its name, policy validation before any native call, and
/// the failure when fwpuclnt.dll is missing (which is the case on Linux). The class is Windows-only for the platform
/// analyzer; these tests call it on purpose on a machine without WFP.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WfpKillSwitchTests
{
    [Fact]
    public void Name_IsWfp()
    {
        Assert.Equal("wfp", new WfpKillSwitch().Name);
    }

    [Fact]
    public void ApplyAsync_InvalidPolicy_ThrowsArgumentExceptionBeforeAnyNativeCall()
    {
        FirewallPolicy policy = FirewallPolicies.Connecting with { DnsServers = [FirewallPolicies.Dns] };

        Assert.ThrowsAny<ArgumentException>(() => { _ = new WfpKillSwitch().ApplyAsync(policy); });
    }

    [Fact]
    public async Task Operations_WithoutWfp_FailAsToolMissing()
    {
        Assert.False(OperatingSystem.IsWindows(), "this test checks the behaviour where fwpuclnt.dll does not exist");
        WfpKillSwitch killSwitch = new();

        FirewallException apply = await Assert.ThrowsAsync<FirewallException>(() => killSwitch.ApplyAsync(FirewallPolicies.Connected));
        FirewallException remove = await Assert.ThrowsAsync<FirewallException>(() => killSwitch.RemoveAsync());
        FirewallException installed = await Assert.ThrowsAsync<FirewallException>(() => killSwitch.IsInstalledAsync());

        Assert.All((FirewallException[])[apply, remove, installed], e => Assert.Equal(FirewallFailure.ToolMissing, e.Failure));
    }
}
