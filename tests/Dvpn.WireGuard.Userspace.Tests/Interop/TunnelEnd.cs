using System.Net;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>One end of an interop tunnel: a WireGuard interface in a namespace, configured with <c>wg</c>.</summary>
internal abstract class TunnelEnd : IAsyncDisposable
{
    protected TunnelEnd(string ns, string name, IPAddress tunnelAddress, IPAddress underlayAddress)
    {
        Namespace = ns;
        Name = name;
        TunnelAddress = tunnelAddress;
        UnderlayAddress = underlayAddress;
        Keys = WgKeyPair.Generate();
    }

    public string Namespace { get; }

    public string Name { get; }

    public IPAddress TunnelAddress { get; }

    public IPAddress UnderlayAddress { get; }

    public WgKeyPair Keys { get; }

    /// <summary>
    /// <c>wg set NAME private-key /dev/stdin listen-port PORT peer PEER allowed-ips PEER_TUNNEL/32 [endpoint ...]</c>,
    /// then the tunnel address and link up with <c>ip -n</c>.
    /// </summary>
    public void Configure(TunnelEnd peer, IPEndPoint? peerEndpoint)
    {
        string[] args = ["set", Name, "private-key", "/dev/stdin", "listen-port", Underlay.WireGuardPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "peer", peer.Keys.PublicKey, "allowed-ips", $"{peer.TunnelAddress}/32"];
        if (peerEndpoint is not null)
        {
            args = [.. args, "endpoint", peerEndpoint.ToString()];
        }

        Tool.Run("wg", args, Keys.PrivateKey);
        Tool.IpIn(Namespace, "addr", "add", $"{TunnelAddress}/24", "dev", Name);
        Tool.IpIn(Namespace, "link", "set", Name, "up");
    }

    /// <summary>Describes the end for assertion messages (its log, when it has one).</summary>
    public virtual string Describe() => $"{GetType().Name} {Name} in {Namespace}";

    public abstract ValueTask DisposeAsync();
}
