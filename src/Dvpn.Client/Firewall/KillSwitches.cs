using Dvpn.Client.Firewall.Windows;
using Dvpn.Client.Options;

namespace Dvpn.Client.Firewall;

/// <summary>The platform's kill switch: nftables on Linux (in the tunnel's namespace), WFP on Windows.</summary>
internal static class KillSwitches
{
    /// <summary>Null when <see cref="FirewallOptions.KillSwitch"/> is off.</summary>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor Windows.</exception>
    public static IKillSwitch? Create(FirewallOptions options, string? networkNamespace)
    {
        if (!options.KillSwitch)
        {
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            return new WfpKillSwitch();
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The kill switch exists for Linux (nftables) and Windows (WFP) only.");
        }

        return new NftKillSwitch(networkNamespace is null ? [] : ["ip", "netns", "exec", networkNamespace], options.NftPath);
    }
}
