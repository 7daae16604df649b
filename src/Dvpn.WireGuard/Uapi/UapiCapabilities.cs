using System.ComponentModel;
using System.Diagnostics;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Uapi;

/// <summary>Probes what the UAPI backend needs on this machine; every check really runs.</summary>
internal static class UapiCapabilities
{
    private const string TunPath = "/dev/net/tun";

    public static async ValueTask<WireGuardCapabilities> ProbeAsync(string wireGuardGoPath, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Unavailable("the UAPI backend runs wireguard-go on Linux only (other systems use other sockets or devices)", null);
        }

        string? version = await TryGetVersionAsync(wireGuardGoPath, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            return Unavailable($"'{wireGuardGoPath} --version' did not run: install wireguard-go or set its path", null);
        }

        try
        {
            using FileStream tun = new(TunPath, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unavailable($"{TunPath} cannot be opened ({e.Message}): TUN support and CAP_NET_ADMIN are needed", version);
        }

        return new WireGuardCapabilities(WireGuardBackendKind.Uapi, Available: true, UnavailableReason: null, version,
            SupportsFirewallMark: true, RequiresExternalProcess: true);
    }

    private static WireGuardCapabilities Unavailable(string reason, string? version) =>
        new(WireGuardBackendKind.Uapi, Available: false, reason, version, SupportsFirewallMark: false, RequiresExternalProcess: true);

    /// <summary>The version word of the first line, e.g. <c>v0.0.20220316</c> from "wireguard-go v0.0.20220316".</summary>
    private static async Task<string?> TryGetVersionAsync(string path, CancellationToken cancellationToken)
    {
        ProcessStartInfo startInfo = new(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("--version");
        try
        {
            using Process process = Process.Start(startInfo)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            string output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return null;
            }

            string first = output.Split('\n', 2)[0].Trim();
            string[] words = first.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length >= 2 ? words[1] : first;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
