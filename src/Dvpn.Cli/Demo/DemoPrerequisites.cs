using System.Runtime.Versioning;
using Dvpn.Devnet;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Providers;

namespace Dvpn.Cli.Demo;

/// <summary>
/// What the demo needs before it touches anything: Linux, root (network namespaces, TUN devices, nftables), the
/// tools the lab drives, anvil, and the built dvpnd and dvpn-provider. Every missing piece is named with its fix, all
/// at once, so that one read of the message is enough.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class DemoPrerequisites
{
    private const string RunScriptHint = "./run.sh demo installs the Debian packages and anvil and builds everything";

    /// <exception cref="DemoException">Something is missing; the message lists all of it.</exception>
    public static void Check()
    {
        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            missing.Add("root: the demo creates network namespaces, TUN devices and nftables rules (run it with sudo)");
        }

        if (!File.Exists("/dev/net/tun"))
        {
            missing.Add("/dev/net/tun: the kernel's TUN device, which wireguard-go needs (in a container: --device /dev/net/tun)");
        }

        foreach ((string tool, string package) in new[]
                 {
                     ("ip", "iproute2"), ("nft", "nftables"), ("wireguard-go", "wireguard-go"), ("wg", "wireguard-tools"),
                 })
        {
            if (FindOnPath(tool) is null)
            {
                missing.Add($"{tool} on PATH (apt-get install {package})");
            }
        }

        Locate(missing, "anvil (the local chain; npm ci in contracts/, or set DVPN_ANVIL)", AnvilNode.LocateBinary);
        Locate(missing, "dvpnd (dotnet build src/Dvpn.Daemon -c Release)", () => DaemonProcess.Binary);
        Locate(missing, "dvpn-provider (dotnet build src/Dvpn.Provider -c Release)", ProviderBinary.Locate);
        if (missing.Count > 0)
        {
            throw new DemoException("The demo cannot start; missing:\n  - " + string.Join("\n  - ", missing) + $"\n({RunScriptHint}.)");
        }
    }

    private static void Locate(List<string> missing, string what, Func<string> locate)
    {
        try
        {
            _ = locate();
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
        {
            missing.Add(what);
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
