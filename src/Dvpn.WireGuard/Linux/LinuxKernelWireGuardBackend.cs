using System.Runtime.Versioning;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// The Linux kernel's WireGuard, driven over generic netlink (family "wireguard", version 1). Interfaces are created
/// with RTM_NEWLINK (IFLA_INFO_KIND "wireguard"). Works in the process's namespace, or in a named one when given.
/// </summary>
/// <param name="netnsName">A named network namespace (<c>/var/run/netns/NAME</c>) to work in; null for the current one.</param>
[SupportedOSPlatform("linux")]
public sealed class LinuxKernelWireGuardBackend(string? netnsName = null) : IWireGuardBackend
{
    /// <summary>The reason given when the generic netlink family is absent.</summary>
    public const string ModuleMissingReason = "the kernel has no WireGuard module (genl family 'wireguard' not found)";

    /// <inheritdoc />
    public WireGuardBackendKind Kind => WireGuardBackendKind.LinuxKernel;

    /// <inheritdoc />
    public ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<WireGuardCapabilities>(cancellationToken)
            : ValueTask.FromResult(Probe(netnsName));

    /// <summary>
    /// Probes for the kernel module by resolving the generic netlink family (which also makes the kernel try to load
    /// the module). Never throws for an absent module or a netlink failure: those become Available=false with a reason.
    /// </summary>
    /// <param name="netnsName">A named network namespace to probe in; null for the current one.</param>
    public static WireGuardCapabilities Probe(string? netnsName = null)
    {
        try
        {
            using NetlinkSocket socket = NetlinkSocket.Open(Interop.NETLINK_GENERIC, netnsName);
            if (!GenericNetlink.TryResolveFamily(socket, WireGuardNetlink.FamilyName, out _))
            {
                return Unavailable(ModuleMissingReason);
            }

            return new WireGuardCapabilities(WireGuardBackendKind.LinuxKernel, Available: true, null, ReadModuleVersion(), SupportsFirewallMark: true, RequiresExternalProcess: false);
        }
        catch (NetlinkException e)
        {
            return Unavailable($"generic netlink is not usable: {e.Message}");
        }
    }

    /// <inheritdoc />
    public Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IWireGuardDevice>(Open(name, create: true));
    }

    /// <inheritdoc />
    public Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IWireGuardDevice>(Open(name, create: false));
    }

    private LinuxKernelWireGuardDevice Open(string name, bool create)
    {
        NetlinkSocket genl = NetlinkSocket.Open(Interop.NETLINK_GENERIC, netnsName);
        RtNetlinkInterfaceControl? links = null;
        try
        {
            if (!GenericNetlink.TryResolveFamily(genl, WireGuardNetlink.FamilyName, out GenericNetlinkFamily family))
            {
                throw new WireGuardException(ModuleMissingReason, isTransient: false);
            }

            links = netnsName is null ? new RtNetlinkInterfaceControl() : RtNetlinkInterfaceControl.OpenInNamespace(netnsName);
            if (create)
            {
                links.CreateLink(name, WireGuardNetlink.FamilyName);
            }
            else if (!links.InterfaceExists(name))
            {
                throw new WireGuardException($"there is no interface '{name}'");
            }

            return new LinuxKernelWireGuardDevice(name, genl, family.Id, links);
        }
        catch
        {
            genl.Dispose();
            links?.Dispose();
            throw;
        }
    }

    private static string? ReadModuleVersion()
    {
        try
        {
            return File.ReadAllText("/sys/module/wireguard/version").Trim();
        }
        catch (IOException)
        {
            return null; // built into the kernel, or no version file
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static WireGuardCapabilities Unavailable(string reason) =>
        new(WireGuardBackendKind.LinuxKernel, Available: false, reason, null, SupportsFirewallMark: true, RequiresExternalProcess: false);
}
