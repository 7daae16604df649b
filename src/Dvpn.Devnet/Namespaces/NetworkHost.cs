using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Configuration;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// One "machine" of a <see cref="NetworkLab"/>: a network namespace with lo up. Runs programs inside it
/// (<c>ip netns exec</c>), configures its links with <c>ip -n</c>, and creates sockets inside it for the test
/// process itself, so that a test can talk to a server in the namespace without any helper program.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NetworkHost
{
    /// <summary>How long <see cref="RunAsync"/> lets a command run by default.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(30);

    private readonly NetworkLab _lab;
    private readonly List<HostInterface> _interfaces = [];
    private int _nextInterface;

    internal NetworkHost(NetworkLab lab, string name, string namespaceName)
    {
        _lab = lab;
        Name = name;
        Namespace = namespaceName;
    }

    /// <summary>The name the test gave it, e.g. <c>client</c>.</summary>
    public string Name { get; }

    /// <summary>The network namespace's name, unique on the machine (<c>dvt-&lt;pid&gt;-&lt;n&gt;-&lt;name&gt;</c>).</summary>
    public string Namespace { get; }

    /// <summary>
    /// The prefix that runs a program inside this host: <c>ip netns exec &lt;namespace&gt;</c>. Hand it to anything
    /// that launches its own processes (e.g. the UAPI backend's wireguard-go launcher).
    /// </summary>
    public IReadOnlyList<string> ExecPrefix => ["ip", "netns", "exec", Namespace];

    /// <summary>The interfaces the lab made in this host, in order.</summary>
    public IReadOnlyList<HostInterface> Interfaces
    {
        get
        {
            lock (_interfaces)
            {
                return [.. _interfaces];
            }
        }
    }

    /// <summary>The first lab-assigned address of the given family; throws when there is none.</summary>
    public IPAddress Address(AddressFamily family = AddressFamily.InterNetwork) =>
        Interfaces.Select(i => i.Address?.Address).FirstOrDefault(a => a?.AddressFamily == family)
        ?? throw new InvalidOperationException($"Host {Name} has no {family} address.");

    /// <summary>Runs <paramref name="command"/> inside the host to completion (killed at the deadline).</summary>
    public Task<CommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ShellCommand.RunAsync([.. ExecPrefix, .. command], timeout ?? DefaultCommandTimeout, cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/> inside the host with <paramref name="standardInput"/> on its stdin, e.g. a
    /// ruleset for <c>nft -f -</c>.
    /// </summary>
    public Task<CommandResult> RunWithInputAsync(IReadOnlyList<string> command, string standardInput, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        ShellCommand.RunWithInputAsync([.. ExecPrefix, .. command], standardInput, timeout ?? DefaultCommandTimeout, cancellationToken);

    /// <summary>
    /// Starts <paramref name="command"/> inside the host and leaves it running. The lab stops it on dispose if the
    /// test did not; wait for its readiness with <see cref="HostProcess.WaitForOutputAsync"/>.
    /// </summary>
    /// <param name="command">The program and its arguments (never a shell string).</param>
    /// <param name="environment">Variables to add to (or replace in) the test process's environment.</param>
    public HostProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null) =>
        _lab.Track(new HostProcess(this, [.. ExecPrefix, .. command], environment));

    /// <summary>
    /// SIGKILLs every process left inside the host, as systemd kills a crashed service's whole cgroup: e.g. the
    /// wireguard-go a daemon started before the test SIGKILLed the daemon itself. Removes the UAPI sockets they
    /// leave behind. Only for hosts whose processes all belong to the test.
    /// </summary>
    public Task KillAllProcessesAsync(CancellationToken cancellationToken = default) =>
        NamespaceJanitor.StopProcessesAsync(Namespace, NamespaceInterop.SigKill, cancellationToken);

    /// <summary>Runs <c>ip -n &lt;namespace&gt; &lt;arguments&gt;</c> and throws unless it succeeds.</summary>
    public Task<CommandResult> IpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        ShellCommand.RunCheckedAsync(["ip", "-n", Namespace, .. arguments], cancellationToken);

    /// <summary>
    /// Whether an interface named <paramref name="interfaceName"/> exists in this host: any kind, made by the lab or by
    /// the code under test (a TUN device, a bridge).
    /// </summary>
    public async Task<bool> HasLinkAsync(string interfaceName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        CommandResult show = await ShellCommand.RunAsync(["ip", "-n", Namespace, "link", "show", "dev", interfaceName], ShellCommand.SetupTimeout,
            cancellationToken);
        return show.Succeeded;
    }

    /// <summary>Brings <paramref name="interfaceName"/> up.</summary>
    public Task SetLinkUpAsync(string interfaceName, CancellationToken cancellationToken = default) =>
        IpAsync(["link", "set", "dev", interfaceName, "up"], cancellationToken);

    /// <summary>Adds <paramref name="address"/> to <paramref name="interfaceName"/> (IPv6 without duplicate detection, so it is usable at once).</summary>
    public Task AddAddressAsync(string interfaceName, InterfaceAddress address, CancellationToken cancellationToken = default) =>
        IpAsync(
            address.Address.AddressFamily == AddressFamily.InterNetworkV6
                ? ["addr", "add", address.ToString(), "dev", interfaceName, "nodad"]
                : ["addr", "add", address.ToString(), "dev", interfaceName],
            cancellationToken);

    /// <summary>Routes <paramref name="destination"/> out of <paramref name="interfaceName"/>, optionally via a gateway.</summary>
    public Task AddRouteAsync(IPNetwork destination, string interfaceName, IPAddress? via = null, CancellationToken cancellationToken = default) =>
        IpAsync(
            via is null
                ? ["route", "add", destination.ToString(), "dev", interfaceName]
                : ["route", "add", destination.ToString(), "via", via.ToString(), "dev", interfaceName],
            cancellationToken);

    /// <summary>Sets the default route (of <paramref name="gateway"/>'s family) via <paramref name="gateway"/>.</summary>
    public Task SetDefaultRouteAsync(IPAddress gateway, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        string family = gateway.AddressFamily == AddressFamily.InterNetworkV6 ? "-6" : "-4";
        return IpAsync([family, "route", "replace", "default", "via", gateway.ToString()], cancellationToken);
    }

    /// <summary>Turns on IPv4 and IPv6 forwarding in this host only (the sysctls are per namespace), for routers and exits.</summary>
    public async Task EnableForwardingAsync(CancellationToken cancellationToken = default)
    {
        (await RunAsync(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"], ShellCommand.SetupTimeout, cancellationToken))
            .EnsureSuccess();
    }

    /// <summary>
    /// Creates a socket that lives in this host's namespace, for use from the test process: a listener the other
    /// hosts can reach, or a client that connects from inside. A socket keeps the namespace it was created in.
    /// </summary>
    public Socket CreateSocket(AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType) =>
        Invoke(() => new Socket(addressFamily, socketType, protocolType));

    /// <summary>
    /// Sends ICMP echo requests to <paramref name="destination"/> from inside the host, one per
    /// <paramref name="interval"/> (default 200 ms), until one is answered (true) or <paramref name="timeout"/>
    /// passes (false). Needs no ping binary: it uses a raw socket created in the namespace.
    /// </summary>
    public async Task<bool> PingAsync(IPAddress destination, TimeSpan timeout, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        bool v6 = destination.AddressFamily == AddressFamily.InterNetworkV6;
        using Socket socket = CreateSocket(destination.AddressFamily, SocketType.Raw, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        return await IcmpEcho.PingAsync(socket, destination, timeout, interval ?? TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    /// <summary>The name and namespace.</summary>
    public override string ToString() => $"{Name} ({Namespace})";

    internal string NextInterfaceName()
    {
        lock (_interfaces)
        {
            return $"eth{_nextInterface++}";
        }
    }

    internal void Add(HostInterface link)
    {
        lock (_interfaces)
        {
            _interfaces.Add(link);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh OS thread that has joined this namespace. setns(2) moves only the
    /// calling thread, and any thread it spawns would inherit the namespace, so the action must stay small and
    /// synchronous (create a socket, bind it) and must not start threads or touch the thread pool.
    /// </summary>
    private T Invoke<T>(Func<T> action)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using SafeFileHandle home = OpenNamespaceFile("/proc/thread-self/ns/net");
                using SafeFileHandle target = OpenNamespaceFile(Path.Combine(NetworkLab.NamespaceDirectory, Namespace));
                NamespaceInterop.EnterNetworkNamespace(target);
                try
                {
                    result = action();
                }
                finally
                {
                    // The thread ends right after; going home is hygiene, and if it failed the thread ends anyway.
                    try
                    {
                        NamespaceInterop.EnterNetworkNamespace(home);
                    }
                    catch (NetworkLabException)
                    {
                    }
                }
            }
#pragma warning disable CA1031 // the failure is rethrown on the caller's thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {Namespace}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static SafeFileHandle OpenNamespaceFile(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
