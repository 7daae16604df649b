using System.Net;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Tests.Interop;
using Dvpn.WireGuard.Userspace.Tests.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Backend;

/// <summary>dvpn-wg as a drop-in for wireguard-go: Dvpn.WireGuard's UAPI backend launches, configures and stops it unchanged.</summary>
[SupportedOSPlatform("linux")]
public sealed class DvpnWgUnderTheUapiBackendTests
{
    [Fact]
    public async Task UapiBackend_WithDvpnWgAsItsWireGuardGo_CreatesConfiguresReadsAndDeletesTheInterface()
    {
        using TestNamespace ns = TestNamespace.Create();
        var backend = new UapiWireGuardBackend(new UapiBackendOptions
        {
            WireGuardGoPath = DvpnWgBinary.Locate(),
            LaunchPrefix = ["ip", "netns", "exec", ns.Name],
        });
        using PrivateKey key = PrivateKey.Generate();
        using PrivateKey peerKey = PrivateKey.Generate();

        UapiWireGuardDevice device = await backend.CreateDeviceAsync(TestNamespace.NewInterfaceName());
        await using (device)
        {
            Assert.NotNull(device.Process);
            await device.ApplyAsync(new InterfaceConfig
            {
                PrivateKey = key,
                ListenPort = 51950,
                Peers = [new PeerConfig { PublicKey = peerKey.PublicKey, Endpoint = new IPEndPoint(IPAddress.Parse("10.250.0.2"), 51951), AllowedIPs = [IPNetwork.Parse("10.251.0.0/24")], PersistentKeepalive = 25 }],
            });
            await device.SetUpAsync(true);

            DeviceState state = await device.GetStateAsync();
            Assert.Equal(key.PublicKey, state.PublicKey);
            Assert.Equal(51950, state.ListenPort);
            PeerState peer = Assert.Single(state.Peers);
            Assert.Equal(peerKey.PublicKey, peer.PublicKey);
            Assert.Equal(new IPEndPoint(IPAddress.Parse("10.250.0.2"), 51951), peer.Endpoint);
            Assert.Equal([IPNetwork.Parse("10.251.0.0/24")], peer.AllowedIPs);
            Assert.True(ns.TryIpIn("link", "show", device.Name), "the TUN device lives in the namespace");

            await device.DeleteAsync();
            Assert.False(ns.TryIpIn("link", "show", device.Name), "deleting stops dvpn-wg, which takes its TUN device with it");
            Assert.False(File.Exists(device.SocketPath), "and removes its UAPI socket");
        }
    }
}
