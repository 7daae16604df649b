using System.Diagnostics;
using System.Net;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Backend;
using Dvpn.WireGuard.Userspace.Tests.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Backend;

/// <summary>The in-process backend through the generic <see cref="IWireGuardDevice"/> API, in two namespaces joined by a veth.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ManagedUserspaceBackendTests
{
    [Fact]
    public async Task TwoManagedDevices_InTwoNamespaces_CarryAPing_AndReportTheSameCountersThroughUapiAndTheEngine()
    {
        using TestNamespace left = TestNamespace.Create();
        using TestNamespace right = TestNamespace.Create();
        Join(left, right, "10.231.0");

        using PrivateKey leftKey = PrivateKey.Generate();
        using PrivateKey rightKey = PrivateKey.Generate();
        ManagedUserspaceBackend leftBackend = BackendIn(left.Name);
        ManagedUserspaceBackend rightBackend = BackendIn(right.Name);
        Assert.True((await leftBackend.GetCapabilitiesAsync()).Available);

        await using ManagedUserspaceDevice leftDevice = await leftBackend.CreateDeviceAsync(TestNamespace.NewInterfaceName());
        await using ManagedUserspaceDevice rightDevice = await rightBackend.CreateDeviceAsync(TestNamespace.NewInterfaceName());
        await TunnelAsync(left, leftDevice, leftKey, 51900, right, rightDevice, rightKey, 51901, "10.231.0", "10.232.0");

        Assert.Equal(0, Ping(left.Name, "10.232.0.2"));

        DeviceState state = await rightDevice.GetStateAsync();
        PeerState peer = Assert.Single(state.Peers);
        Assert.Equal(51901, state.ListenPort);
        Assert.NotNull(peer.LastHandshake);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.231.0.1"), 51900), peer.Endpoint);
        PeerTraffic traffic = rightDevice.Engine.GetPeerTraffic(leftKey.PublicKey.ToArray())!.Value;
        Assert.Equal((long)peer.ReceivedBytes, traffic.ReceivedBytes);
        Assert.True(traffic.ReceivedPacketBytes >= 3 * 84, "three 84-byte echo requests went through");

        string name = rightDevice.Name;
        await rightDevice.DeleteAsync();
        Assert.False(right.TryIpIn("link", "show", name), "the TUN device goes away with the engine");
        Assert.False(File.Exists(Path.Combine(UapiBackendOptions.DefaultSocketDirectory, name + ".sock")));
    }

    [Fact]
    public async Task ForwardingSwitchedOffThroughTheEngine_StopsPings_UntilSwitchedOn()
    {
        using TestNamespace left = TestNamespace.Create();
        using TestNamespace right = TestNamespace.Create();
        Join(left, right, "10.233.0");
        using PrivateKey leftKey = PrivateKey.Generate();
        using PrivateKey rightKey = PrivateKey.Generate();
        await using ManagedUserspaceDevice client = await BackendIn(left.Name).CreateDeviceAsync(TestNamespace.NewInterfaceName());
        await using ManagedUserspaceDevice provider = await BackendIn(right.Name).CreateDeviceAsync(TestNamespace.NewInterfaceName());
        await TunnelAsync(left, client, leftKey, null, right, provider, rightKey, 51902, "10.233.0", "10.234.0");
        Assert.Equal(0, Ping(left.Name, "10.234.0.2"));

        Assert.True(provider.Engine.SetForwarding(leftKey.PublicKey.ToArray(), false));
        Assert.NotEqual(0, Ping(left.Name, "10.234.0.2"));
        Assert.False(provider.Engine.GetPeerTraffic(leftKey.PublicKey.ToArray())!.Value.Forwarding);

        Assert.True(provider.Engine.SetForwarding(leftKey.PublicKey.ToArray(), true));
        Assert.Equal(0, Ping(left.Name, "10.234.0.2"));
    }

    // Configures a tunnel from the left device (which knows the right one's endpoint on UNDERLAY.2) to the right one,
    // with TUNNEL.1 and TUNNEL.2 inside it, and brings both up.
    private static async Task TunnelAsync(TestNamespace left, ManagedUserspaceDevice leftDevice, PrivateKey leftKey, ushort? leftPort,
        TestNamespace right, ManagedUserspaceDevice rightDevice, PrivateKey rightKey, ushort rightPort, string underlay, string tunnel)
    {
        await leftDevice.ApplyAsync(new InterfaceConfig
        {
            PrivateKey = leftKey,
            ListenPort = leftPort,
            Peers = [new PeerConfig { PublicKey = rightKey.PublicKey, Endpoint = new IPEndPoint(IPAddress.Parse(underlay + ".2"), rightPort), AllowedIPs = [IPNetwork.Parse(tunnel + ".2/32")] }],
        });
        await rightDevice.ApplyAsync(new InterfaceConfig
        {
            PrivateKey = rightKey,
            ListenPort = rightPort,
            Peers = [new PeerConfig { PublicKey = leftKey.PublicKey, AllowedIPs = [IPNetwork.Parse(tunnel + ".1/32")] }],
        });
        left.IpIn("addr", "add", tunnel + ".1/24", "dev", leftDevice.Name);
        right.IpIn("addr", "add", tunnel + ".2/24", "dev", rightDevice.Name);
        await leftDevice.SetUpAsync(true);
        await rightDevice.SetUpAsync(true);
    }

    // A veth between the two namespaces, NET.1 on the left and NET.2 on the right.
    private static void Join(TestNamespace left, TestNamespace right, string net)
    {
        string veth = "veth" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        TestNamespace.Ip("link", "add", veth, "netns", left.Name, "type", "veth", "peer", "name", veth, "netns", right.Name);
        left.IpIn("addr", "add", net + ".1/24", "dev", veth);
        right.IpIn("addr", "add", net + ".2/24", "dev", veth);
        left.IpIn("link", "set", veth, "up");
        right.IpIn("link", "set", veth, "up");
    }

    private static ManagedUserspaceBackend BackendIn(string ns) =>
        new(new WireGuardBackendOptions { Uapi = new UapiBackendOptions { LaunchPrefix = ["ip", "netns", "exec", ns] } });

    private static int Ping(string ns, string address)
    {
        using Process ping = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, "ping", "-c", "3", "-i", "0.2", "-W", "2", address])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        ping.WaitForExit();
        return ping.ExitCode;
    }
}
