using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Providers;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.Devnet.Leak;

/// <summary>Building the network and its services.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class LeakLab
{
    /// <summary>The generator's streams: TCP and UDP to the internet over IPv4 and IPv6, and DNS to both resolvers.</summary>
    public static IReadOnlyList<TrafficTarget> DefaultTargets { get; } =
    [
        new("tcp4", TrafficKind.TcpByte, new IPEndPoint(InternetService, ServicePort)),
        new("udp4", TrafficKind.UdpEcho, new IPEndPoint(InternetService, ServicePort)),
        new("dns-isp", TrafficKind.DnsQuery, new IPEndPoint(IspResolver, DnsResponder.Port), IspResolverMarker),
        new("dns-assigned", TrafficKind.DnsQuery, new IPEndPoint(AssignedResolver, DnsResponder.Port), AssignedResolverMarker),
        new("tcp6", TrafficKind.TcpByte, new IPEndPoint(InternetServiceV6, ServicePort)),
        new("udp6", TrafficKind.UdpEcho, new IPEndPoint(InternetServiceV6, ServicePort)),
    ];

    /// <summary>Starts the generator's <see cref="DefaultTargets"/> from the client host (stopped with the lab).</summary>
    public TrafficGenerator StartTraffic(TimeProvider? time = null) => Own(TrafficGenerator.Start(Client, DefaultTargets, time));

    /// <summary>One attempt from the client host to the LAN host's TCP byte service.</summary>
    public Task<bool> CanReachLanHostAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TrafficProbe.TryAsync(Client, new TrafficTarget("lan", TrafficKind.TcpByte, new IPEndPoint(LanHostAddress, ServicePort)), timeout, cancellationToken);

    /// <summary>One attempt from the client host to the internet's TCP byte service.</summary>
    public Task<bool> CanReachInternetAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TrafficProbe.TryAsync(Client, DefaultTargets[0], timeout, cancellationToken);

    /// <summary>
    /// Starts the uplink capture (counters and tcpdump on the router's device towards the client) with the chain and
    /// the providers' endpoints as the allowed ones. Start it after the providers; stopped with the lab.
    /// </summary>
    public async Task<UplinkCapture> StartCaptureAsync(CancellationToken cancellationToken = default)
    {
        // In site order, so that counter wg_K (session_K) is provider site K (198.18.K.2) whatever order they started in.
        LabProvider[] providers = [.. Providers.OrderBy(p => p.Index)];
        var allowance = new UplinkAllowance(
            [.. providers.Select(p => new IPEndPoint(p.Site.WanAddress, ProviderSite.WireGuardPort))],
            [.. providers.Select(p => new IPEndPoint(p.Site.WanAddress, ProviderSite.PublicPort))],
            [ChainEndPoint]);
        return Own(await UplinkCapture.StartAsync(Router, RouterDownlink, allowance, cancellationToken));
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        Router = await Network.AddHostAsync("router", cancellationToken);
        Client = await Network.AddHostAsync("client", cancellationToken);
        LanHost = await Network.AddHostAsync("lanhost", cancellationToken);
        await Router.EnableForwardingAsync(cancellationToken);

        // The uplink, both families; the client's default routes point at the router.
        (HostInterface clientEnd, HostInterface routerEnd) = await Network.ConnectAsync(
            Client, new InterfaceAddress(ClientAddress, 24), Router, new InterfaceAddress(RouterAddress, 24), cancellationToken);
        ClientUplink = clientEnd.Name;
        RouterDownlink = routerEnd.Name;
        await Client.AddAddressAsync(ClientUplink, new InterfaceAddress(ClientAddressV6, 64), cancellationToken);
        await Router.AddAddressAsync(RouterDownlink, new InterfaceAddress(RouterAddressV6, 64), cancellationToken);
        await Client.SetDefaultRouteAsync(RouterAddress, cancellationToken);
        await Client.SetDefaultRouteAsync(RouterAddressV6, cancellationToken);

        // The LAN.
        await Network.ConnectAsync(Client, new InterfaceAddress(ClientLanAddress, 24), LanHost, new InterfaceAddress(LanHostAddress, 24), cancellationToken);

        // The router's own services.
        foreach (IPAddress address in new[] { InternetService, IspResolver, AssignedResolver, ChainEndPoint.Address })
        {
            await Router.AddAddressAsync("lo", new InterfaceAddress(address, 32), cancellationToken);
        }

        await Router.AddAddressAsync("lo", new InterfaceAddress(InternetServiceV6, 128), cancellationToken);
        Own(TcpLabService.StartByte(Router, new IPEndPoint(InternetService, ServicePort)));
        Own(TcpLabService.StartByte(Router, new IPEndPoint(InternetServiceV6, ServicePort)));
        Own(TcpLabService.StartDiscard(Router, new IPEndPoint(InternetService, DiscardPort)));
        Own(UdpEchoService.Start(Router, new IPEndPoint(InternetService, ServicePort)));
        Own(UdpEchoService.Start(Router, new IPEndPoint(InternetServiceV6, ServicePort)));
        Isp = Own(DnsResponder.Start(Router, IspResolver, IspResolverMarker));
        Assigned = Own(DnsResponder.Start(Router, AssignedResolver, AssignedResolverMarker));
        Own(PortForward.Start(Router, ChainEndPoint, new IPEndPoint(IPAddress.Loopback, Chain.RpcUrl.Port)));
        Own(TcpLabService.StartByte(LanHost, new IPEndPoint(LanHostAddress, ServicePort)));

        // What `ip netns exec` bind-mounts over /etc/resolv.conf for dvpnd: without it dvpnd would see (and could
        // rewrite) the machine's real file.
        Directory.CreateDirectory(NetnsEtc);
        await File.WriteAllTextAsync(ResolvConfPath, $"nameserver {IspResolver}\n", cancellationToken);
    }
}
