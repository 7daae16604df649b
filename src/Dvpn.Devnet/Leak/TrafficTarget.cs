using System.Net;

namespace Dvpn.Devnet.Leak;

/// <summary>One stream of the traffic generator: a name for reports, what to do and where.</summary>
/// <param name="Name">A short name, e.g. <c>tcp4</c>.</param>
/// <param name="Kind">What an attempt does.</param>
/// <param name="EndPoint">Where it goes.</param>
/// <param name="ExpectedAnswer">For <see cref="TrafficKind.DnsQuery"/>: the address the answer must carry.</param>
public sealed record TrafficTarget(string Name, TrafficKind Kind, IPEndPoint EndPoint, IPAddress? ExpectedAnswer = null)
{
    /// <summary>The name and the endpoint.</summary>
    public override string ToString() => $"{Name} ({Kind} {EndPoint})";
}
