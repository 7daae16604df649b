using System.Net.Sockets;
using Dvpn.Client.Options;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Options;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>Which WireGuard, firewall and DNS backends this machine has, as GetCapabilities and problem reports say.</summary>
internal sealed class Capabilities(IOptions<DvpnClientOptions> options, Dvpn.Client.DvpnClient client)
{
    private static readonly string[] SystemBinDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public V1.Capabilities Read()
    {
        TunnelOptions tunnel = options.Value.Tunnel;
        return new V1.Capabilities
        {
            WireguardBackend = WireGuardBackend(tunnel),
            FirewallBackend = OperatingSystem.IsWindows() ? "wfp" : FindExecutable("nft") is not null ? "nftables" : "",
            DnsBackend = OperatingSystem.IsWindows() ? "windows" : Directory.Exists("/run/systemd/resolve") ? "systemd-resolved" : "resolv.conf",
            Ipv6 = Ipv6Enabled(),
            Firewall = client.Firewall.ToProto(),
        };
    }

    /// <summary>What the library's tunnel plumbing will use: wireguard-go over UAPI unless another backend is chosen
    /// (and always inside a network namespace).</summary>
    internal static string WireGuardBackend(TunnelOptions tunnel) =>
        tunnel.NetworkNamespace is not null ? "uapi" : tunnel.Backend switch
        {
            null or WireGuardBackendKind.Uapi => "uapi",
            WireGuardBackendKind.LinuxKernel => "linux-kernel",
            WireGuardBackendKind.WireGuardNT => "wireguard-nt",
            WireGuardBackendKind.ManagedUserspace => "managed",
            _ => "",
        };

    internal static string? FindExecutable(string name)
    {
        IEnumerable<string> path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return path.Concat(SystemBinDirectories).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    private static bool Ipv6Enabled()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        try
        {
            return File.Exists("/proc/net/if_inet6") && File.ReadAllText("/proc/sys/net/ipv6/conf/all/disable_ipv6").Trim() == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
