using System.Net;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Device;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>Our engine in this process, its TUN and UDP socket in the namespace, its UAPI socket where <c>wg</c> looks.</summary>
[SupportedOSPlatform("linux")]
internal sealed class OurEnd : TunnelEnd
{
    public OurEnd(string ns, string name, IPAddress tunnelAddress, IPAddress underlayAddress, TimeProvider? time)
        : base(ns, name, tunnelAddress, underlayAddress) =>
        Interface = UserspaceInterface.Start(name, new UserspaceInterfaceOptions { NetworkNamespace = ns }, timeProvider: time);

    public UserspaceInterface Interface { get; }

    /// <summary>The engine's only peer.</summary>
    public Peer Peer => Assert.Single(Interface.Device.GetPeers());

    public override ValueTask DisposeAsync() => Interface.DisposeAsync();
}
