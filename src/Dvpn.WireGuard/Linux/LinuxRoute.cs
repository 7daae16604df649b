using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// A unicast route as rtnetlink sees it: destination prefix, optional gateway, output interface, table and metric.
/// </summary>
public sealed record LinuxRoute
{
    /// <summary>The main routing table (254), the default for <see cref="Table"/>.</summary>
    public const uint MainTable = 254;

    /// <summary>The destination prefix; 0.0.0.0/0 or ::/0 for a default route.</summary>
    public required IPNetwork Destination { get; init; }

    /// <summary>The next hop; null for a route straight onto the link (RTA_GATEWAY absent).</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>The output interface index (RTA_OIF); 0 when the route has none (e.g. multipath).</summary>
    public int InterfaceIndex { get; init; }

    /// <summary>The routing table (RTA_TABLE). Default <see cref="MainTable"/>.</summary>
    public uint Table { get; init; } = MainTable;

    /// <summary>The metric (RTA_PRIORITY); null for the kernel's default (0 for IPv4, 1024 for IPv6).</summary>
    public uint? Metric { get; init; }

    /// <summary>The address family of <see cref="Destination"/>.</summary>
    public AddressFamily AddressFamily => Destination.BaseAddress.AddressFamily;

    /// <summary>True for 0.0.0.0/0 and ::/0.</summary>
    public bool IsDefault => Destination.PrefixLength == 0;

    /// <summary>Readable form, e.g. <c>0.0.0.0/1 dev #5 table 254</c>.</summary>
    public override string ToString() =>
        $"{Destination}{(Gateway is null ? "" : $" via {Gateway}")} dev #{InterfaceIndex} table {Table}{(Metric is uint m ? $" metric {m}" : "")}";
}
