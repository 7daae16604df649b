using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// A throwaway network of "hosts" (network namespaces) joined by veth pairs or by a bridge "switch", for tests that
/// need real links, real processes and real sockets without touching the machine's own network.
/// <para>
/// Everything the lab makes lives inside its namespaces: veths are created directly in them (never in the root
/// namespace), so deleting the namespaces removes everything. Namespaces are named <c>dvt-&lt;pid&gt;-&lt;n&gt;-&lt;name&gt;</c>;
/// <see cref="CreateAsync"/> first removes those of dead owners from earlier, crashed runs, and never those of a
/// live test process. <see cref="DisposeAsync"/> stops the processes started in the hosts (by PID), then any other
/// process still inside a lab namespace (e.g. a wireguard-go launched by the code under test), then deletes the
/// namespaces; it runs on test failure too when the lab is held with <c>await using</c> or by a fixture.
/// </para>
/// <para>Needs root and iproute2; without them <see cref="CreateAsync"/> throws <see cref="NetworkLabException"/>, so tests fail rather than skip.</para>
/// </summary>
/// <example>
/// <code>
/// await using NetworkLab lab = await NetworkLab.CreateAsync();
/// NetworkHost client = await lab.AddHostAsync("client");
/// NetworkHost exit = await lab.AddHostAsync("exit");
/// await lab.ConnectAsync(client, "10.1.0.2/24", exit, "10.1.0.1/24");
/// HostProcess server = exit.Start(["iperf3", "--server", "--forceflush"]);
/// await server.WaitForOutputAsync(line => line.Contains("Server listening"), TimeSpan.FromSeconds(10));
/// bool up = await client.PingAsync(IPAddress.Parse("10.1.0.1"), TimeSpan.FromSeconds(2));
/// </code>
/// </example>
[SupportedOSPlatform("linux")]
public sealed partial class NetworkLab : IAsyncDisposable
{
    /// <summary>The prefix of every lab namespace name; nothing else on the machine is ever touched.</summary>
    public const string NamespacePrefix = "dvt-";

    /// <summary>Where <c>ip netns</c> keeps named namespaces.</summary>
    internal const string NamespaceDirectory = "/var/run/netns";

    private const int MaxInterfaceNameLength = 15; // IFNAMSIZ - 1
    private const int TagLength = 5;
    private const string TagAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly SemaphoreSlim SweepGate = new(1, 1);
    private static readonly Lock LiveGate = new();
    private static readonly HashSet<NetworkLab> Live = [];
    private static bool s_swept;
    private static int s_nextNamespace;

    private readonly Lock _gate = new();
    private readonly List<string> _namespaces = [];
    private readonly List<NetworkHost> _hosts = [];
    private readonly List<HostProcess> _processes = [];
    private int _nextInterfaceName;
    private int _disposed;

    static NetworkLab()
    {
        // A lab a test forgot to dispose is still removed when the test process exits normally; after a crash,
        // the next run's CreateAsync removes it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NetworkLab[] labs;
            lock (LiveGate)
            {
                labs = [.. Live];
            }

            foreach (NetworkLab lab in labs)
            {
                try
                {
                    lab.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
#pragma warning disable CA1031 // an exception escaping a ProcessExit handler would crash the exiting test host
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Console.Error.WriteLine($"NetworkLab: cleanup at exit failed: {e}");
                }
            }
        };
    }

    private NetworkLab()
    {
        Tag = RandomNumberGenerator.GetString(TagAlphabet, TagLength);
        lock (LiveGate)
        {
            Live.Add(this);
        }
    }

    /// <summary>A random tag for this lab, part of <see cref="NewInterfaceName"/>'s names.</summary>
    public string Tag { get; }

    /// <summary>The hosts, in creation order.</summary>
    public IReadOnlyList<NetworkHost> Hosts
    {
        get
        {
            lock (_gate)
            {
                return [.. _hosts];
            }
        }
    }

    /// <summary>
    /// Checks that namespaces can be made here (root, <c>ip netns</c>), removes leftovers of crashed runs (once per
    /// process), and returns an empty lab.
    /// </summary>
    /// <exception cref="NetworkLabException">Not root, or iproute2 missing or not working.</exception>
    public static async Task<NetworkLab> CreateAsync(CancellationToken cancellationToken = default)
    {
        await EnsurePreconditionsAsync(cancellationToken);
        await SweepGate.WaitAsync(cancellationToken);
        try
        {
            if (!s_swept)
            {
                await NamespaceJanitor.RemoveLeftoversAsync(NamespaceJanitor.ProcessStartUtc(), cancellationToken);
                s_swept = true;
            }
        }
        finally
        {
            SweepGate.Release();
        }

        return new NetworkLab();
    }

    /// <summary>Stops processes, then deletes every namespace of the lab (with their links). Safe to call twice.</summary>
    /// <exception cref="AggregateException">Something could not be removed; all the rest was still attempted.</exception>
    public async ValueTask DisposeAsync()
    {
        HostProcess[] processes;
        string[] namespaces;
        lock (_gate)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            processes = [.. _processes];
            namespaces = [.. _namespaces];
        }

        var failures = new List<Exception>();
        foreach (HostProcess process in processes.Reverse())
        {
            try
            {
                await process.DisposeAsync();
            }
#pragma warning disable CA1031 // teardown goes on; every failure is reported together below
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        foreach (string namespaceName in namespaces.Reverse())
        {
            try
            {
                await NamespaceJanitor.RemoveAsync(namespaceName, CancellationToken.None);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
#pragma warning restore CA1031
        }

        lock (LiveGate)
        {
            Live.Remove(this);
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The network lab did not tear down cleanly.", failures);
        }
    }

    internal HostProcess Track(HostProcess process)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _processes.Add(process);
                return process;
            }
        }

        process.DisposeAsync().AsTask().GetAwaiter().GetResult();
        throw new ObjectDisposedException(nameof(NetworkLab));
    }

    private static async Task EnsurePreconditionsAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new NetworkLabException("The network lab needs Linux network namespaces.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new NetworkLabException(
                "The network lab must run as root: it creates network namespaces, veth pairs and TUN devices. Run the tests as root.");
        }

        CommandResult list;
        try
        {
            list = await ShellCommand.RunAsync(["ip", "netns", "list"], ShellCommand.SetupTimeout, cancellationToken);
        }
        catch (NetworkLabException e)
        {
            throw new NetworkLabException("The network lab needs iproute2 ('ip netns'), which could not be run.", e);
        }

        if (!list.Succeeded)
        {
            throw new NetworkLabException($"'ip netns list' fails here, so namespaces cannot be made: {list.StandardError.Trim()}");
        }
    }
}
