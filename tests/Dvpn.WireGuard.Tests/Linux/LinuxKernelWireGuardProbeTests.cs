using System.Runtime.Versioning;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Tests.Linux;

/// <summary>Live probes of generic netlink on this kernel, whether or not it has the WireGuard module.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxKernelWireGuardProbeTests
{
    /// <summary>Checked after the lookup: resolving the family makes the kernel load the module when it can.</summary>
    private static bool ModuleLoaded => Directory.Exists("/sys/module/wireguard");

    [Fact]
    public void ResolveFamily_MatchesWhetherTheModuleIsLoaded()
    {
        using NetlinkSocket socket = NetlinkSocket.Open(Interop.NETLINK_GENERIC);
        bool found = GenericNetlink.TryResolveFamily(socket, "wireguard", out GenericNetlinkFamily family);
        if (ModuleLoaded)
        {
            Assert.True(found);
            Assert.True(family.Id >= 0x10); // dynamic ids come after GENL_ID_CTRL
            Assert.Equal(1u, family.Version);
        }
        else
        {
            Assert.False(found);
        }

        // The controller itself always resolves, to its fixed id: the lookup path works at all.
        Assert.True(GenericNetlink.TryResolveFamily(socket, "nlctrl", out GenericNetlinkFamily ctrl));
        Assert.Equal(GenericNetlink.GENL_ID_CTRL, ctrl.Id);
    }

    [Fact]
    public async Task Capabilities_ReportTheModuleClearly()
    {
        WireGuardCapabilities caps = await new LinuxKernelWireGuardBackend().GetCapabilitiesAsync();
        Assert.Equal(WireGuardBackendKind.LinuxKernel, caps.Backend);
        Assert.False(caps.RequiresExternalProcess);
        if (ModuleLoaded)
        {
            Assert.True(caps.Available);
            Assert.Null(caps.UnavailableReason);
        }
        else
        {
            Assert.False(caps.Available);
            Assert.Equal("the kernel has no WireGuard module (genl family 'wireguard' not found)", caps.UnavailableReason);
        }
    }

    [Fact]
    public async Task CreateWithoutModule_ThrowsTheSameReason()
    {
        if (ModuleLoaded)
        {
            return; // with the module, creating would be a real device: covered where that runs
        }

        var e = await Assert.ThrowsAsync<WireGuardException>(() => new LinuxKernelWireGuardBackend().CreateAsync("wgx0"));
        Assert.Equal(LinuxKernelWireGuardBackend.ModuleMissingReason, e.Message);
    }

    [Fact]
    public void Probe_InsideANamespace_Works()
    {
        using LinuxTestNamespace ns = LinuxTestNamespace.Create();
        WireGuardCapabilities caps = LinuxKernelWireGuardBackend.Probe(ns.Name);
        Assert.Equal(ModuleLoaded, caps.Available);
        Assert.False(LinuxKernelWireGuardBackend.Probe("dvt-no-such-ns").Available);
    }
}
