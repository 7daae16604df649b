namespace Dvpn.WireGuard.Devices;

/// <summary>The WireGuard implementations a device can run on.</summary>
public enum WireGuardBackendKind
{
    /// <summary>A userspace implementation (wireguard-go) driven over the cross-platform UAPI socket.</summary>
    Uapi,

    /// <summary>The Linux kernel module, driven over generic netlink.</summary>
    LinuxKernel,

    /// <summary>WireGuardNT on Windows, through wireguard.dll.</summary>
    WireGuardNT,

    /// <summary>Our own managed userspace implementation (Dvpn.WireGuard.Userspace).</summary>
    ManagedUserspace,
}
