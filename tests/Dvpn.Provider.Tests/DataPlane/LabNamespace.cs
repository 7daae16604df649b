using System.Globalization;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A named network namespace for one test (<c>dvp-&lt;pid&gt;-&lt;n&gt;-&lt;role&gt;</c>): commands run in it with
/// <c>ip netns exec</c>, sockets are created in it on a short-lived thread that setns(2)s there. Disposing it stops
/// every process still inside it (all started by this test, e.g. wireguard-go), then deletes it with its links.
/// Leftovers of a crashed earlier run (dead owner pid) are removed before the first namespace is made.
/// </summary>
internal sealed class LabNamespace : IAsyncDisposable
{
    private const string Prefix = "dvp-";
    private const string Directory = "/var/run/netns";
    private static readonly SemaphoreSlim SweepGate = new(1, 1);
    private static bool s_swept;
    private static int s_next;

    private LabNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary><c>ip netns exec NAME</c>: the prefix for commands and for the code under test.</summary>
    public IReadOnlyList<string> Exec => ["ip", "netns", "exec", Name];

    public static async Task<LabNamespace> CreateAsync(string role)
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The data plane tests need Linux and root: they create network namespaces, veth pairs, TUN devices and nftables tables. Run them as root.");
        }

        await SweepLeftoversAsync();
        string name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_next)}-{role}");
        await LabCommand.RunCheckedAsync(["ip", "netns", "add", name]);
        LabNamespace ns = new(name);
        await ns.IpAsync("link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs <c>ip -n NAME ...</c>.</summary>
    public Task<string> IpAsync(params string[] arguments) => LabCommand.RunCheckedAsync(["ip", "-n", Name, .. arguments]);

    /// <summary>Runs a command inside the namespace.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> command, string? standardInput = null) =>
        LabCommand.RunAsync([.. Exec, .. command], standardInput);

    public async Task<bool> LinkExistsAsync(string name) =>
        (await LabCommand.RunAsync(["ip", "-n", Name, "link", "show", "dev", name])).ExitCode == 0;

    /// <summary>A TCP socket that lives in this namespace (the namespace is fixed when the socket is made).</summary>
    public Socket CreateTcpSocket(AddressFamily family)
    {
        Socket? socket = null;
        ExceptionDispatchInfo? failure = null;
        Thread thread = new(() =>
        {
            try
            {
                using SafeFileHandle original = File.OpenHandle("/proc/thread-self/ns/net");
                using SafeFileHandle target = File.OpenHandle(Path.Combine(Directory, Name));
                if (NamespaceInterop.SetNs(target, NamespaceInterop.CLONE_NEWNET) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                }
                finally
                {
                    _ = NamespaceInterop.SetNs(original, NamespaceInterop.CLONE_NEWNET); // the thread ends right after anyway
                }
            }
#pragma warning disable CA1031 // rethrown on the calling thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return socket!;
    }

    public async ValueTask DisposeAsync() => await RemoveAsync(Name);

    private static async Task RemoveAsync(string name)
    {
        if (!File.Exists(Path.Combine(Directory, name)))
        {
            return;
        }

        // Processes inside keep TUN devices alive; they are ours (started in our namespace), stopped by pid.
        for (int round = 0; round < 50; round++)
        {
            (_, string pids, _) = await LabCommand.RunAsync(["ip", "netns", "pids", name]);
            int[] alive = [.. pids.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            if (alive.Length == 0)
            {
                break;
            }

            foreach (int pid in alive)
            {
                _ = NamespaceInterop.Kill(pid, round < 20 ? NamespaceInterop.SIGTERM : NamespaceInterop.SIGKILL);
            }

            await Task.Delay(100); // teardown pacing between signal rounds, not a readiness wait
        }

        await LabCommand.RunCheckedAsync(["ip", "netns", "del", name]);
    }

    private static async Task SweepLeftoversAsync()
    {
        await SweepGate.WaitAsync();
        try
        {
            if (s_swept || !System.IO.Directory.Exists(Directory))
            {
                return;
            }

            s_swept = true;
            foreach (string path in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*"))
            {
                string name = Path.GetFileName(path);
                string[] parts = name.Split('-');
                if (parts.Length >= 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int owner)
                    && owner != Environment.ProcessId && !System.IO.Directory.Exists($"/proc/{owner}"))
                {
                    await RemoveAsync(name);
                }
            }
        }
        finally
        {
            SweepGate.Release();
        }
    }
}
