using System.Diagnostics;
using System.Net;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>The UAPI backend against the real wireguard-go installed here.</summary>
public sealed class UapiBackendIntegrationTests
{
    [Fact]
    public async Task Capabilities_HereWithWireGuardGo_AreAvailableWithVersion()
    {
        WireGuardCapabilities capabilities = await new UapiWireGuardBackend().GetCapabilitiesAsync();

        Assert.True(capabilities.Available, capabilities.UnavailableReason);
        Assert.StartsWith("v", capabilities.Version);
        Assert.True(capabilities.RequiresExternalProcess);
    }

    [Fact]
    public async Task Capabilities_MissingBinary_AreUnavailableWithReason()
    {
        UapiWireGuardBackend backend = new(new UapiBackendOptions { WireGuardGoPath = "/nonexistent/wireguard-go" });

        WireGuardCapabilities capabilities = await backend.GetCapabilitiesAsync();

        Assert.False(capabilities.Available);
        Assert.Contains("wireguard-go", capabilities.UnavailableReason);
    }

    [Fact]
    public async Task Device_ApplyTwoPeersRemoveOneDispose_StateFollowsAndNothingIsLeft()
    {
        string name = TestNames.NewInterface();
        UapiWireGuardBackend backend = new();
        using PrivateKey interfaceKey = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        PublicKey first = PrivateKey.Generate().PublicKey;
        PublicKey second = PrivateKey.Generate().PublicKey;
        string socketPath;
        await using (UapiWireGuardDevice device = await backend.CreateDeviceAsync(name))
        {
            socketPath = device.SocketPath;
            Assert.True(File.Exists(socketPath));
            Assert.True(LinkExists(name));

            await device.ApplyAsync(new InterfaceConfig
            {
                PrivateKey = interfaceKey,
                ListenPort = 0,
                FirewallMark = 0x42,
                ReplacePeers = true,
                Peers =
                [
                    new PeerConfig
                    {
                        PublicKey = first,
                        PresharedKey = psk,
                        Endpoint = IPEndPoint.Parse("192.0.2.1:51820"),
                        AllowedIPs = [IPNetwork.Parse("10.1.0.0/24"), IPNetwork.Parse("fd00:1::/64")],
                        PersistentKeepalive = 25,
                    },
                    new PeerConfig
                    {
                        PublicKey = second,
                        Endpoint = IPEndPoint.Parse("[2001:db8::1]:51821"),
                        AllowedIPs = [IPNetwork.Parse("10.2.0.0/16")],
                    },
                ],
            });

            DeviceState state = await device.GetStateAsync();
            Assert.Equal(interfaceKey.PublicKey, state.PublicKey);
            Assert.NotEqual(0, state.ListenPort);
            Assert.Equal(0x42u, state.FirewallMark);
            Assert.Equal(2, state.Peers.Count);
            PeerState one = Assert.Single(state.Peers, p => p.PublicKey == first);
            Assert.True(one.HasPresharedKey);
            Assert.Equal(IPEndPoint.Parse("192.0.2.1:51820"), one.Endpoint);
            Assert.Equal([IPNetwork.Parse("10.1.0.0/24"), IPNetwork.Parse("fd00:1::/64")], one.AllowedIPs.Order(NetworkOrder.Instance));
            Assert.Equal((ushort)25, one.PersistentKeepalive);
            Assert.Null(one.LastHandshake);
            PeerState two = Assert.Single(state.Peers, p => p.PublicKey == second);
            Assert.False(two.HasPresharedKey);
            Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:51821"), two.Endpoint);

            await device.RemovePeerAsync(first);
            state = await device.GetStateAsync();
            Assert.Equal(second, Assert.Single(state.Peers).PublicKey);

            await device.SetPeerAsync(new PeerConfig { PublicKey = second, AllowedIPs = [IPNetwork.Parse("10.3.0.0/16")], ReplaceAllowedIPs = false });
            state = await device.GetStateAsync();
            Assert.Equal(2, Assert.Single(state.Peers).AllowedIPs.Count);

            await device.SetUpAsync(true);
            Assert.Contains("UP", await RunAsync("ip", "link", "show", "dev", name));
        }

        Assert.False(File.Exists(socketPath));
        Assert.False(LinkExists(name));
    }

    [Fact]
    public async Task Device_BadConfiguration_ThrowsErrnoFromWireGuardGo()
    {
        await using UapiWireGuardDevice device = await new UapiWireGuardBackend().CreateDeviceAsync(TestNames.NewInterface());
        PublicKey absent = PrivateKey.Generate().PublicKey;

        // update_only on a peer that does not exist is silently skipped by wireguard-go; an IPv4 endpoint with a
        // port that wireguard-go cannot bind is not an error either. A second listen on a taken port is.
        using UdpBlocker blocker = new();
        UapiErrnoException e = await Assert.ThrowsAsync<UapiErrnoException>(() =>
            device.ApplyAsync(new InterfaceConfig { ListenPort = blocker.Port }));

        Assert.NotEqual(0, e.Errno);
        await device.SetPeerAsync(new PeerConfig { PublicKey = absent, UpdateOnly = true });
        Assert.Empty((await device.GetStateAsync()).Peers);
    }

    [Fact]
    public async Task Open_ExistingDevice_AttachesAndDisposeLeavesItRunning()
    {
        string name = TestNames.NewInterface();
        UapiWireGuardBackend backend = new();
        await using UapiWireGuardDevice created = await backend.CreateDeviceAsync(name);

        await using (IWireGuardDevice opened = await backend.OpenAsync(name))
        {
            Assert.Empty((await opened.GetStateAsync()).Peers);
        }

        Assert.False(created.Process!.HasExited);
        Assert.Empty((await created.GetStateAsync()).Peers);
    }

    [Fact]
    public async Task Open_NoSuchDevice_ThrowsWireGuardException()
    {
        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => new UapiWireGuardBackend().OpenAsync(TestNames.NewInterface()));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public async Task Create_SameNameTwice_SecondFailsAndFirstKeepsRunning()
    {
        string name = TestNames.NewInterface();
        UapiWireGuardBackend backend = new();
        await using UapiWireGuardDevice first = await backend.CreateDeviceAsync(name);

        await Assert.ThrowsAsync<WireGuardException>(() => backend.CreateAsync(name));

        Assert.Empty((await first.GetStateAsync()).Peers);
    }

    internal static bool LinkExists(string name) => Directory.Exists(Path.Combine("/sys/class/net", name));

    internal static async Task<string> RunAsync(string file, params string[] arguments)
    {
        ProcessStartInfo startInfo = new(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(startInfo)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
        return output;
    }

    private sealed class NetworkOrder : IComparer<IPNetwork>
    {
        public static readonly NetworkOrder Instance = new();

        public int Compare(IPNetwork x, IPNetwork y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }

    private sealed class UdpBlocker : IDisposable
    {
        private readonly System.Net.Sockets.UdpClient _client = new(new IPEndPoint(IPAddress.IPv6Any, 0));

        public ushort Port => (ushort)((IPEndPoint)_client.Client.LocalEndPoint!).Port;

        public void Dispose() => _client.Dispose();
    }
}
