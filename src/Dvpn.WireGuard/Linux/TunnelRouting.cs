using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Sends everything through a tunnel except the tunnel's own packets to the provider: a host route to the endpoint
/// via the current default gateway, then 0.0.0.0/1 and 128.0.0.0/1 (and ::/1, 8000::/1 when IPv6 is routed) via the
/// tunnel. The two halves are more specific than any default route, so the default route stays untouched and comes
/// back into use the moment they are removed.
/// </summary>
/// <remarks>
/// Every route is written to the state file before it is added, so a crash at any point leaves a file that names
/// everything that might be installed; <see cref="CleanupAsync"/> (run by <see cref="InstallAsync"/> too) removes
/// exactly those and nothing else. A route that already existed before (EEXIST) is not ours and is dropped from the
/// file. Works in the namespace <paramref name="control"/> was opened in.
/// </remarks>
/// <param name="control">The rtnetlink control to act through (not owned).</param>
/// <param name="stateFilePath">Where to remember what was added; default <see cref="DefaultStateFilePath"/>.</param>
[SupportedOSPlatform("linux")]
public sealed class TunnelRouting(RtNetlinkInterfaceControl control, string? stateFilePath = null)
{
    /// <summary>The default state file, on tmpfs so it disappears with a reboot along with the routes it names.</summary>
    public const string DefaultStateFilePath = "/run/dvpn/tunnel-routes.json";

    private static readonly IPNetwork[] IPv4Halves = [IPNetwork.Parse("0.0.0.0/1"), IPNetwork.Parse("128.0.0.0/1")];
    private static readonly IPNetwork[] IPv6Halves = [IPNetwork.Parse("::/1"), IPNetwork.Parse("8000::/1")];

    private readonly RtNetlinkInterfaceControl _control = control ?? throw new ArgumentNullException(nameof(control));

    /// <summary>The state file in use.</summary>
    public string StateFilePath { get; } = stateFilePath ?? DefaultStateFilePath;

    /// <summary>The routes the state file lists as installed by us (empty when there is no file).</summary>
    public IReadOnlyList<LinuxRoute> InstalledRoutes =>
        TunnelRoutingState.Load(StateFilePath)?.Routes.Select(r => r.TryToRoute(out LinuxRoute? route) ? route : null).OfType<LinuxRoute>().ToList() ?? [];

    /// <summary>
    /// Removes what a previous run left (see <see cref="CleanupAsync"/>), then installs the endpoint host route and
    /// the tunnel routes. On failure everything added so far is removed again.
    /// </summary>
    /// <param name="tunnelInterface">The tunnel interface, e.g. <c>dvpn0</c>; it must exist and be up.</param>
    /// <param name="endpoint">The provider's endpoint address (the WireGuard peer's UDP endpoint).</param>
    /// <param name="routeIPv6">Also route ::/1 and 8000::/1 through the tunnel (when the tunnel has IPv6).</param>
    /// <param name="cancellationToken">Cancels between route operations.</param>
    /// <exception cref="WireGuardException">No default route to reach the endpoint, or a conflicting route exists.</exception>
    /// <exception cref="NetlinkException">The kernel refused a route.</exception>
    public async Task InstallAsync(string tunnelInterface, IPAddress endpoint, bool routeIPv6, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.IsIPv4MappedToIPv6)
        {
            endpoint = endpoint.MapToIPv4();
        }

        await CleanupAsync(cancellationToken).ConfigureAwait(false);
        int tunnelIndex = _control.GetInterfaceIndex(tunnelInterface);
        LinuxRoute uplink = await _control.GetDefaultRouteAsync(endpoint.AddressFamily, cancellationToken).ConfigureAwait(false)
            ?? throw new WireGuardException($"there is no {(endpoint.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} default route to reach the endpoint {endpoint} outside the tunnel");
        if (uplink.InterfaceIndex == tunnelIndex)
        {
            throw new WireGuardException($"the default route already goes through {tunnelInterface}; the endpoint {endpoint} would be routed into its own tunnel");
        }

        var wanted = new List<LinuxRoute>
        {
            new()
            {
                Destination = new IPNetwork(endpoint, endpoint.AddressFamily == AddressFamily.InterNetwork ? 32 : 128),
                Gateway = uplink.Gateway,
                InterfaceIndex = uplink.InterfaceIndex,
            },
        };
        foreach (IPNetwork half in routeIPv6 ? [.. IPv4Halves, .. IPv6Halves] : IPv4Halves)
        {
            wanted.Add(new LinuxRoute { Destination = half, InterfaceIndex = tunnelIndex });
        }

        var state = new TunnelRoutingState { TunnelInterface = tunnelInterface, Endpoint = endpoint.ToString() };
        try
        {
            foreach (LinuxRoute route in wanted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = RouteRecord.From(route, route.InterfaceIndex == tunnelIndex ? tunnelInterface : null);
                state.Routes.Add(record);
                state.Save(StateFilePath); // before the add: a crash right after it still leaves a record
                if (!await _control.AddRouteAsync(route, cancellationToken).ConfigureAwait(false))
                {
                    state.Routes.Remove(record);
                    state.Save(StateFilePath);
                    await EnsureEquivalentExistsAsync(route, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            await CleanupAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the routes installed by <see cref="InstallAsync"/>; same as <see cref="CleanupAsync"/>.</summary>
    public Task<int> TeardownAsync(CancellationToken cancellationToken = default) => CleanupAsync(cancellationToken);

    /// <summary>
    /// Removes exactly the routes the state file lists (in reverse order; those already gone are skipped), then
    /// deletes the file. Safe to call any number of times, also when this process never installed anything: it is
    /// how the routes of a crashed previous run are cleaned up.
    /// </summary>
    /// <returns>How many routes were actually removed.</returns>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        TunnelRoutingState? state = TunnelRoutingState.Load(StateFilePath);
        if (state is null)
        {
            return 0;
        }

        int removed = 0;
        for (int i = state.Routes.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (state.Routes[i].TryToRoute(out LinuxRoute? route) && await _control.RemoveRouteAsync(route, cancellationToken).ConfigureAwait(false))
            {
                removed++;
            }

            // Shrinks as it goes, so an interruption never leaves a record of a route that is already gone twice over.
            state.Routes.RemoveAt(i);
            state.Save(StateFilePath);
        }

        File.Delete(StateFilePath);
        return removed;
    }

    /// <summary>After EEXIST: fine when the existing route sends the same way, a conflict otherwise.</summary>
    private async Task EnsureEquivalentExistsAsync(LinuxRoute route, CancellationToken cancellationToken)
    {
        IReadOnlyList<LinuxRoute> existing = await _control.GetRoutesAsync(route.AddressFamily, cancellationToken).ConfigureAwait(false);
        bool equivalent = existing.Any(r => r.Destination == route.Destination && r.Table == route.Table
            && r.InterfaceIndex == route.InterfaceIndex && Equals(r.Gateway, route.Gateway));
        if (!equivalent)
        {
            throw new WireGuardException($"a different route to {route.Destination} exists already in table {route.Table}; refusing to route around it");
        }
    }
}
