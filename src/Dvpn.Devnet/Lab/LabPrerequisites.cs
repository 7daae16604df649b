using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Lab;

/// <summary>
/// What the client lab needs besides root and iproute2 (which <see cref="NetworkLab.CreateAsync"/> checks): nft for
/// the providers' NAT, wireguard-go for the tunnels, anvil for the chain. A missing one is an exception naming it,
/// never a skipped test.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LabPrerequisites
{
    /// <summary>Checks nft, wireguard-go and anvil; returns wireguard-go's full path.</summary>
    public static async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("The client lab must run as root (namespaces, TUN devices, nftables). Run the tests as root.");
        }

        string nft = FindOnPath("nft")
            ?? throw new InvalidOperationException("The client lab needs nftables ('nft' on PATH) for the providers' NAT: install nftables.");
        string wireGuardGo = FindOnPath("wireguard-go")
            ?? throw new InvalidOperationException("The client lab needs wireguard-go on PATH for the client's and providers' tunnels: install wireguard-go.");
        foreach (string[] command in new[] { new[] { nft, "--version" }, new[] { wireGuardGo, "--version" } })
        {
            CommandResult result = await ShellCommand.RunAsync(command, ShellCommand.SetupTimeout, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"'{string.Join(' ', command)}' fails here: {result.StandardError.Trim()}");
            }
        }

        _ = AnvilNode.LocateBinary(); // throws with instructions when anvil is missing
        return wireGuardGo;
    }

    private static string? FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
