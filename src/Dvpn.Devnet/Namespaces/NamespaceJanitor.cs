using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// Removes lab namespaces: our own on dispose, and those a crashed test run left behind. Namespace names carry the
/// owning process id (<c>dvt-&lt;pid&gt;-…</c>); a leftover is one whose owner is dead and that is older than this
/// process, so a namespace of a test process running alongside is never touched.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NamespaceJanitor
{
    private const string UapiSocketDirectory = "/var/run/wireguard";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    /// <summary>Removes every <c>dvt-</c> namespace whose owner process is gone and that was made before <paramref name="createdBefore"/>.</summary>
    public static async Task RemoveLeftoversAsync(DateTime createdBefore, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(NetworkLab.NamespaceDirectory))
        {
            return;
        }

        foreach (string path in Directory.EnumerateFiles(NetworkLab.NamespaceDirectory, NetworkLab.NamespacePrefix + "*"))
        {
            string name = Path.GetFileName(path);
            if (TryGetOwner(name, out int owner)
                && owner != Environment.ProcessId
                && !Directory.Exists($"/proc/{owner}")
                && File.GetLastWriteTimeUtc(path) < createdBefore)
            {
                await RemoveAsync(name, cancellationToken);
            }
        }
    }

    /// <summary>When this process started, in UTC: the bound for what counts as a previous run's leftover.</summary>
    public static DateTime ProcessStartUtc()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    /// <summary>The owner PID encoded in a lab namespace name; false for names the lab did not make.</summary>
    public static bool TryGetOwner(string namespaceName, out int pid)
    {
        pid = 0;
        if (!namespaceName.StartsWith(NetworkLab.NamespacePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        string rest = namespaceName[NetworkLab.NamespacePrefix.Length..];
        int dash = rest.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out pid) && pid > 0;
    }

    /// <summary>
    /// Stops every process still inside the namespace (they keep it alive, and a TUN device with it), removes the
    /// UAPI sockets of its interfaces that a killed wireguard-go could not remove, then deletes the namespace, which
    /// takes its veths with it.
    /// </summary>
    public static async Task RemoveAsync(string namespaceName, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(NetworkLab.NamespaceDirectory, namespaceName)))
        {
            return;
        }

        await StopProcessesAsync(namespaceName, NamespaceInterop.SigTerm, cancellationToken);
        await ShellCommand.RunCheckedAsync(["ip", "netns", "delete", namespaceName], cancellationToken);
    }

    /// <summary>
    /// Ends every process inside the namespace: <paramref name="firstSignal"/> (SIGTERM for a clean stop, SIGKILL to
    /// imitate systemd killing a crashed service's whole cgroup), then SIGKILL for any still there after a grace
    /// period. Then removes the UAPI sockets that killed wireguard-go processes of its interfaces left behind.
    /// </summary>
    public static async Task StopProcessesAsync(string namespaceName, int firstSignal, CancellationToken cancellationToken)
    {
        // Interface names first: a TUN device disappears with the process that holds it.
        CommandResult links = await ShellCommand.RunAsync(["ip", "-n", namespaceName, "-o", "link", "show"], ShellCommand.SetupTimeout, cancellationToken);
        List<string> interfaces = links.Succeeded ? ParseLinkNames(links.StandardOutput) : [];

        List<int> pids = await ProcessesInAsync(namespaceName, cancellationToken);
        if (pids.Count > 0)
        {
            foreach (int pid in pids)
            {
                NamespaceInterop.TrySignal(pid, firstSignal);
            }

            if (!await AllGoneAsync(pids, StopGrace, cancellationToken))
            {
                // Still inside our namespace after the first signal: only the PIDs listed for it are killed.
                foreach (int pid in await ProcessesInAsync(namespaceName, cancellationToken))
                {
                    NamespaceInterop.TrySignal(pid, NamespaceInterop.SigKill);
                }

                await AllGoneAsync(pids, StopGrace, cancellationToken);
            }
        }

        foreach (string name in interfaces)
        {
            string socket = Path.Combine(UapiSocketDirectory, name + ".sock");
            if (File.Exists(socket) && !IsServed(socket))
            {
                File.Delete(socket);
            }
        }
    }

    private static async Task<List<int>> ProcessesInAsync(string namespaceName, CancellationToken cancellationToken)
    {
        CommandResult result = await ShellCommand.RunAsync(["ip", "netns", "pids", namespaceName], ShellCommand.SetupTimeout, cancellationToken);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Where(p => p != Environment.ProcessId)
            .ToList();
    }

    private static async Task<bool> AllGoneAsync(List<int> pids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (pids.Any(IsRunning))
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            // Polling is the readiness signal here: a PID that is not our child cannot be awaited.
            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    /// <summary>Running, not merely an unreaped zombie (a child of ours that has exited but not been waited for).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether something still listens on the UAPI socket: a live wireguard-go of the same name elsewhere.</summary>
    private static bool IsServed(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static List<string> ParseLinkNames(string ipOneline)
    {
        // "3: wgab12: <POINTOPOINT,...> ..." and "2: eth0@if2: <...>": the name sits between the first two colons.
        var names = new List<string>();
        foreach (string line in ipOneline.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                string name = parts[1].Trim();
                int at = name.IndexOf('@', StringComparison.Ordinal);
                names.Add(at < 0 ? name : name[..at]);
            }
        }

        return names;
    }
}
