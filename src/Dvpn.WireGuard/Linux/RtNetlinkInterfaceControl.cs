using Dvpn.WireGuard.Configuration;
using System.Net;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Link state, MTU, addresses and routes through rtnetlink, in the network namespace the socket was opened in: the
/// process's own (<see cref="RtNetlinkInterfaceControl()"/>) or a named one (<see cref="OpenInNamespace"/>). Adds and
/// removes are idempotent: adding what exists and removing what is absent succeed. Thread-safe; one request at a time.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class RtNetlinkInterfaceControl : INetworkInterfaceControl, IDisposable
{
    private const int RequestBufferSize = 512;

    private readonly NetlinkSocket _socket;

    /// <summary>Opens an rtnetlink socket in the process's current network namespace.</summary>
    /// <exception cref="NetlinkException">The socket cannot be opened.</exception>
    public RtNetlinkInterfaceControl() : this(NetlinkSocket.Open(Interop.NETLINK_ROUTE))
    {
    }

    private RtNetlinkInterfaceControl(NetlinkSocket socket) => _socket = socket;

    /// <summary>The named namespace this instance operates in; null for the process's own.</summary>
    public string? NamespaceName => _socket.NamespaceName;

    /// <summary>
    /// Opens an rtnetlink socket inside the named network namespace <paramref name="netnsName"/>
    /// (<c>/var/run/netns/NAME</c>, as <c>ip netns add</c> creates it). Every call on the result then acts in that
    /// namespace, from any thread; the calling thread's own namespace is never changed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="netnsName"/> is not a single path component.</exception>
    /// <exception cref="NetlinkException">The namespace does not exist or cannot be entered (needs CAP_SYS_ADMIN).</exception>
    public static RtNetlinkInterfaceControl OpenInNamespace(string netnsName) =>
        new(NetlinkSocket.Open(Interop.NETLINK_ROUTE, netnsName));

    /// <inheritdoc />
    public Task SetLinkStateAsync(string interfaceName, bool up, CancellationToken cancellationToken = default) =>
        Run(() => SetLinkState(interfaceName, up), cancellationToken);

    /// <inheritdoc />
    public Task SetMtuAsync(string interfaceName, int mtu, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68); // RFC 791's minimum; the kernel refuses less for IPv4
        return Run(() => SetMtu(interfaceName, mtu), cancellationToken);
    }

    /// <summary>Adds <paramref name="address"/> (address and prefix length, e.g. 10.0.0.2/24); no error if present.</summary>
    public Task AddAddressAsync(string interfaceName, InterfaceAddress address, CancellationToken cancellationToken = default) =>
        AddAddressAsync(interfaceName, address.Address, address.PrefixLength, cancellationToken);

    /// <summary>Removes an address added as <paramref name="address"/>; no error if absent.</summary>
    public Task RemoveAddressAsync(string interfaceName, InterfaceAddress address, CancellationToken cancellationToken = default) =>
        RemoveAddressAsync(interfaceName, address.Address, address.PrefixLength, cancellationToken);

    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> (e.g. 10.0.0.2/24); no error if present.</summary>
    public Task AddAddressAsync(string interfaceName, IPAddress address, int prefixLength, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(address, prefixLength);
        return Run(() => ChangeAddress(interfaceName, address, prefixLength, add: true), cancellationToken);
    }

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefixLength"/>; no error if absent.</summary>
    public Task RemoveAddressAsync(string interfaceName, IPAddress address, int prefixLength, CancellationToken cancellationToken = default)
    {
        ValidatePrefix(address, prefixLength);
        return Run(() => ChangeAddress(interfaceName, address, prefixLength, add: false), cancellationToken);
    }

    /// <summary>The addresses on <paramref name="interfaceName"/>, both families.</summary>
    public Task<IReadOnlyList<LinuxAddress>> GetAddressesAsync(string interfaceName, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<LinuxAddress>>(() => GetAddresses(interfaceName), cancellationToken);

    /// <inheritdoc />
    public bool InterfaceExists(string interfaceName) => TryGetLink(interfaceName, out _);

    /// <summary>Reads index, MTU and state of <paramref name="interfaceName"/>; false when there is no such interface.</summary>
    public bool TryGetLink(string interfaceName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LinuxLink? link)
    {
        link = QueryLink(interfaceName);
        return link is not null;
    }

    /// <summary>The index of <paramref name="interfaceName"/>.</summary>
    /// <exception cref="NetlinkException">No such interface (<c>ENODEV</c>).</exception>
    public int GetInterfaceIndex(string interfaceName) =>
        QueryLink(interfaceName)?.Index
        ?? throw new NetlinkException($"no network interface '{interfaceName}'{InNamespace}", Errno.ENODEV);

    /// <summary>
    /// Adds <paramref name="route"/>. True when it was added; false when an identical route key (destination, table,
    /// metric) existed already, which is not an error.
    /// </summary>
    public Task<bool> AddRouteAsync(LinuxRoute route, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Run(() => ChangeRoute(route, add: true), cancellationToken);
    }

    /// <summary>Removes <paramref name="route"/>. True when it was removed; false when there was no such route.</summary>
    public Task<bool> RemoveRouteAsync(LinuxRoute route, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        return Run(() => ChangeRoute(route, add: false), cancellationToken);
    }

    /// <summary>All unicast routes of <paramref name="family"/> in every table (an RTM_GETROUTE dump).</summary>
    public Task<IReadOnlyList<LinuxRoute>> GetRoutesAsync(System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<LinuxRoute>>(() => DumpRoutes(family), cancellationToken);

    /// <summary>The main table's default route of <paramref name="family"/> with the lowest metric; null when there is none.</summary>
    public async Task<LinuxRoute?> GetDefaultRouteAsync(System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<LinuxRoute> routes = await GetRoutesAsync(family, cancellationToken).ConfigureAwait(false);
        return routes
            .Where(r => r.IsDefault && r.Table == LinuxRoute.MainTable)
            .OrderBy(r => r.Metric ?? 0)
            .FirstOrDefault();
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();

    private string InNamespace => _socket.NamespaceName is { } ns ? $" in network namespace '{ns}'" : "";

    private static void ValidatePrefix(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        int max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, max);
    }

    private static Task Run(Action action, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            action();
            return Task.CompletedTask;
        }
#pragma warning disable CA1031 // surfaced through the task, as an async method would
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException(e);
        }
    }

    private static Task<T> Run<T>(Func<T> action, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(action());
        }
#pragma warning disable CA1031 // surfaced through the task, as an async method would
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(e);
        }
    }
}
