using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Devnet.Namespaces;

/// <summary>The lab's topology: hosts, switches, links and interface names.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class NetworkLab
{
    /// <summary>Adds a host: a new namespace with <c>lo</c> up and no other links yet.</summary>
    /// <param name="name">A short name for messages and the namespace name: lowercase letters, digits and dashes.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    public async Task<NetworkHost> AddHostAsync(string name, CancellationToken cancellationToken = default)
    {
        string namespaceName = await CreateNamespaceAsync(name, cancellationToken);
        var host = new NetworkHost(this, name, namespaceName);
        lock (_gate)
        {
            _hosts.Add(host);
        }

        return host;
    }

    /// <summary>Adds a switch (a bridge alone in its own namespace) for joining more than two hosts on one segment.</summary>
    public async Task<NetworkSwitch> AddSwitchAsync(string name, CancellationToken cancellationToken = default)
    {
        string namespaceName = await CreateNamespaceAsync(name, cancellationToken);
        await ShellCommand.RunCheckedAsync(["ip", "-n", namespaceName, "link", "add", NetworkSwitch.BridgeName, "type", "bridge"], cancellationToken);
        await ShellCommand.RunCheckedAsync(["ip", "-n", namespaceName, "link", "set", NetworkSwitch.BridgeName, "up"], cancellationToken);
        return new NetworkSwitch(name, namespaceName);
    }

    /// <summary>
    /// Joins <paramref name="a"/> and <paramref name="b"/> with a point-to-point veth pair (named <c>eth&lt;n&gt;</c> in
    /// each host), assigns the given addresses (null: none) and brings both ends up.
    /// </summary>
    public async Task<(HostInterface A, HostInterface B)> ConnectAsync(
        NetworkHost a, InterfaceAddress? addressA, NetworkHost b, InterfaceAddress? addressB, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("A host cannot be linked to itself.", nameof(b));
        }

        string nameA = a.NextInterfaceName();
        string nameB = b.NextInterfaceName();
        await a.IpAsync(["link", "add", nameA, "type", "veth", "peer", "name", nameB, "netns", b.Namespace], cancellationToken);
        HostInterface endA = await ConfigureAsync(a, nameA, addressA, cancellationToken);
        HostInterface endB = await ConfigureAsync(b, nameB, addressB, cancellationToken);
        return (endA, endB);
    }

    /// <summary><see cref="ConnectAsync(NetworkHost, InterfaceAddress?, NetworkHost, InterfaceAddress?, CancellationToken)"/> with addresses written <c>10.0.0.1/24</c>.</summary>
    public Task<(HostInterface A, HostInterface B)> ConnectAsync(
        NetworkHost a, string addressA, NetworkHost b, string addressB, CancellationToken cancellationToken = default) =>
        ConnectAsync(a, InterfaceAddress.Parse(addressA), b, InterfaceAddress.Parse(addressB), cancellationToken);

    /// <summary>Plugs <paramref name="host"/> into <paramref name="networkSwitch"/> with a new veth, addressed and up.</summary>
    public async Task<HostInterface> AttachAsync(
        NetworkSwitch networkSwitch, NetworkHost host, InterfaceAddress? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(networkSwitch);
        ArgumentNullException.ThrowIfNull(host);
        string port = networkSwitch.NextPortName();
        string name = host.NextInterfaceName();
        string[] inSwitch = ["ip", "-n", networkSwitch.Namespace];
        await ShellCommand.RunCheckedAsync([.. inSwitch, "link", "add", port, "type", "veth", "peer", "name", name, "netns", host.Namespace], cancellationToken);
        await ShellCommand.RunCheckedAsync([.. inSwitch, "link", "set", port, "master", NetworkSwitch.BridgeName, "up"], cancellationToken);
        return await ConfigureAsync(host, name, address, cancellationToken);
    }

    /// <summary>
    /// Starts <paramref name="command"/> in the test process's own (root) namespace, tracked like a host's process:
    /// captured output, stopped by its PID on dispose. For programs that reach into lab namespaces by themselves
    /// (e.g. a client whose tunnel lives in a host's namespace while it reaches the chain on the root loopback).
    /// </summary>
    /// <param name="command">The program and its arguments (never a shell string).</param>
    /// <param name="environment">Variables to add to (or replace in) the test process's environment.</param>
    public HostProcess StartInRootNamespace(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null) =>
        Track(new HostProcess(null, command, environment));

    /// <summary>
    /// A fresh interface name, unique on the machine and at most 15 characters: <paramref name="role"/> + this lab's
    /// tag + a counter. Use it for devices whose names are machine-wide despite namespaces, such as wireguard-go's
    /// UAPI socket <c>/var/run/wireguard/&lt;name&gt;.sock</c>.
    /// </summary>
    /// <param name="role">1 to 6 lowercase letters, e.g. <c>wg</c>.</param>
    public string NewInterfaceName(string role = "wg")
    {
        ArgumentNullException.ThrowIfNull(role);
        if (!RolePattern().IsMatch(role))
        {
            throw new ArgumentException("A role is 1 to 6 lowercase letters.", nameof(role));
        }

        string name = $"{role}{Tag}{Interlocked.Increment(ref _nextInterfaceName)}";
        return name.Length <= MaxInterfaceNameLength
            ? name
            : throw new InvalidOperationException($"Interface name '{name}' is longer than {MaxInterfaceNameLength} characters.");
    }

    private async Task<string> CreateNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException("A host or switch name is 1 to 24 lowercase letters, digits or dashes.", nameof(name));
        }

        string namespaceName = $"{NamespacePrefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_nextNamespace)}-{name}";

        // The counter makes the name new within this process, so an existing namespace of that name is a leftover
        // of a crashed run that had our PID; the sweep skips our own PID, so it goes here.
        await NamespaceJanitor.RemoveAsync(namespaceName, cancellationToken);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            _namespaces.Add(namespaceName); // before creating it, so that dispose removes it whatever fails next
        }

        await ShellCommand.RunCheckedAsync(["ip", "netns", "add", namespaceName], cancellationToken);
        await ShellCommand.RunCheckedAsync(["ip", "-n", namespaceName, "link", "set", "lo", "up"], cancellationToken);
        return namespaceName;
    }

    private static async Task<HostInterface> ConfigureAsync(NetworkHost host, string name, InterfaceAddress? address, CancellationToken cancellationToken)
    {
        if (address is { } a)
        {
            await host.AddAddressAsync(name, a, cancellationToken);
        }

        await host.SetLinkUpAsync(name, cancellationToken);
        var link = new HostInterface(host, name, address);
        host.Add(link);
        return link;
    }

    [GeneratedRegex("^[a-z0-9-]{1,24}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z]{1,6}$")]
    private static partial Regex RolePattern();
}
