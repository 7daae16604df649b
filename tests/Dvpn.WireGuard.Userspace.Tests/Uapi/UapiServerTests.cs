using System.Net;
using System.Net.Sockets;
using System.Text;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Uapi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UapiServerTests
{
    private static UapiDeviceSnapshot SampleSnapshot() => new()
    {
        ListenPort = 51820,
        Peers =
        [
            new UapiPeerSnapshot
            {
                PublicKey = Convert.FromHexString(UapiSetParserTests.KeyB),
                Endpoint = IPEndPoint.Parse("127.0.0.1:5555"),
                ReceivedBytes = 1000,
                TransmittedBytes = 2000,
                AllowedIps = [IPNetwork.Parse("10.0.0.2/32")],
            },
        ],
    };

    [Fact]
    public async Task GetAsync_FromOurClient_SeesTheDeviceSnapshot()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.Snapshot = SampleSnapshot();

        DeviceState state = await new UapiClient(fixture.Server.SocketPath).GetAsync();

        Assert.Equal((ushort)51820, state.ListenPort);
        PeerState peer = Assert.Single(state.Peers);
        Assert.Equal(PublicKey.ParseHex(UapiSetParserTests.KeyB), peer.PublicKey);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:5555"), peer.Endpoint);
        Assert.Equal(1000UL, peer.ReceivedBytes);
        Assert.Equal(2000UL, peer.TransmittedBytes);
    }

    [Fact]
    public async Task SetAsync_FromOurClient_ArrivesAsOneRequest()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        using PrivateKey privateKey = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        PublicKey peerKey = PrivateKey.Generate().PublicKey;

        await new UapiClient(fixture.Server.SocketPath).SetAsync(new InterfaceConfig
        {
            PrivateKey = privateKey,
            ListenPort = 1234,
            FirewallMark = 9,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = peerKey,
                    PresharedKey = psk,
                    Endpoint = IPEndPoint.Parse("[::1]:5555"),
                    PersistentKeepalive = 25,
                    AllowedIPs = [IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("fd00::2/128")],
                },
            ],
        });

        UapiSetRequest request = Assert.Single(fixture.Device.Applied);
        Assert.Equal(Convert.FromHexString(privateKey.ExportHex()), fixture.Device.LastPrivateKeyCopy);
        Assert.Equal((ushort)1234, request.ListenPort);
        Assert.Equal(9u, request.FirewallMark);
        Assert.True(request.ReplacePeers);
        UapiPeerChange peer = Assert.Single(request.Peers);
        Assert.Equal(peerKey.ToArray(), peer.PublicKey);
        Assert.Equal(IPEndPoint.Parse("[::1]:5555"), peer.Endpoint);
        Assert.Equal((ushort)25, peer.PersistentKeepaliveInterval);
        Assert.True(peer.ReplaceAllowedIps);
        Assert.Equal([IPNetwork.Parse("10.0.0.2/32"), IPNetwork.Parse("fd00::2/128")], peer.AllowedIps);
        // The server wipes the keys once Apply returned: the device must copy what it keeps.
        Assert.Equal(new byte[32], request.PrivateKey);
        Assert.Equal(new byte[32], peer.PresharedKey);
    }

    [Fact]
    public async Task SetAsync_ApplyThrowsUapiSetException_ClientSeesTheNegatedErrno()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.ApplyFailure = new UapiSetException(98, "port in use");

        UapiErrnoException error = await Assert.ThrowsAsync<UapiErrnoException>(
            () => new UapiClient(fixture.Server.SocketPath).SetAsync(new InterfaceConfig { ListenPort = 1 }));

        Assert.Equal(-98, error.Errno);
    }

    [Fact]
    public async Task SetAsync_ApplyThrowsSomethingElse_ClientSeesEioAndServerKeepsServing()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.ApplyFailure = new InvalidOperationException("bug");
        UapiClient client = new(fixture.Server.SocketPath);

        UapiErrnoException error = await Assert.ThrowsAsync<UapiErrnoException>(() => client.SetAsync(new InterfaceConfig { ListenPort = 1 }));
        DeviceState state = await client.GetAsync();

        Assert.Equal(-5, error.Errno);
        Assert.Empty(state.Peers);
    }

    [Fact]
    public async Task Connection_SeveralRequestsInSequence_AreAllAnswered()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.Snapshot = new UapiDeviceSnapshot { ListenPort = 7 };
        using Socket socket = await fixture.ConnectAsync();

        string first = await UapiServerFixture.ExchangeAsync(socket, "get=1\n\n");
        string second = await UapiServerFixture.ExchangeAsync(socket, "set=1\nlisten_port=8\n\n");
        string third = await UapiServerFixture.ExchangeAsync(socket, "get=1\n\n");

        Assert.Equal("listen_port=7\nerrno=0\n\n", first);
        Assert.Equal("errno=0\n\n", second);
        Assert.Equal("listen_port=7\nerrno=0\n\n", third);
        Assert.Equal((ushort)8, Assert.Single(fixture.Device.Applied).ListenPort);
    }

    [Fact]
    public async Task Connection_RequestsInOneWrite_AreAllAnswered()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        using Socket socket = await fixture.ConnectAsync();
        await socket.SendAsync("set=1\nlisten_port=1\n\nset=1\nlisten_port=2\n\n"u8.ToArray());

        string first = await UapiServerFixture.ReadReplyAsync(socket);
        string second = first == "errno=0\n\nerrno=0\n\n" ? "" : await UapiServerFixture.ReadReplyAsync(socket);

        Assert.Equal("errno=0\n\nerrno=0\n\n", first + second);
        Assert.Equal([(ushort?)1, (ushort?)2], fixture.Device.Applied.Select(r => r.ListenPort));
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData("\n")]
    [InlineData("get=2\n\n")]
    [InlineData("GET=1\n\n")]
    [InlineData("get=1\nx\n")]
    [InlineData("set=1\nbogus=1\n\n")]
    [InlineData("set=1\npublic_key=00\n\n")]
    public async Task Connection_Garbage_IsAnsweredWithEinvalAndOthersAreStillServed(string garbage)
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.Snapshot = new UapiDeviceSnapshot { ListenPort = 7 };
        using Socket other = await fixture.ConnectAsync();
        using Socket bad = await fixture.ConnectAsync();

        string reply = await UapiServerFixture.ExchangeAsync(bad, garbage);
        string afterwards = await UapiServerFixture.ReadReplyAsync(bad);
        string served = await UapiServerFixture.ExchangeAsync(other, "get=1\n\n");

        Assert.Equal("errno=-22\n\n", reply);
        Assert.Equal("", afterwards); // the refused connection is closed
        Assert.Equal("listen_port=7\nerrno=0\n\n", served);
        Assert.Empty(fixture.Device.Applied);
    }

    [Theory]
    [InlineData(UapiSetParser.MaxLineBytes + 1)]
    [InlineData(1 << 20)]
    public async Task Connection_LineLongerThanTheLimit_IsRefusedAndTheServerLives(int length)
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        using Socket bad = await fixture.ConnectAsync();
        byte[] request = Encoding.ASCII.GetBytes("set=1\nlisten_port=" + new string('1', length) + "\n\n");

        // The server answers after the first 4 KiB; the rest of a large request may then fail to send.
        Task sending = bad.SendAsync(request);
        string reply = await UapiServerFixture.ReadReplyAsync(bad);
        await Record.ExceptionAsync(() => sending);
        DeviceState state = await new UapiClient(fixture.Server.SocketPath).GetAsync();

        Assert.Equal("errno=-22\n\n", reply);
        Assert.Empty(state.Peers);
        Assert.Empty(fixture.Device.Applied);
    }

    [Fact]
    public async Task Connection_FirstLineLongerThanTheLimit_IsRefused()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        using Socket bad = await fixture.ConnectAsync();

        string reply = await UapiServerFixture.ExchangeAsync(bad, new string('x', 10_000));

        Assert.Equal("errno=-22\n\n", reply);
    }

    [Fact]
    public async Task Connection_ClosedInTheMiddleOfASet_AppliesNothing()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        using (Socket socket = await fixture.ConnectAsync())
        {
            await socket.SendAsync("set=1\nlisten_port=1\n"u8.ToArray());
            socket.Shutdown(SocketShutdown.Send);
            Assert.Equal("", await UapiServerFixture.ReadReplyAsync(socket));
        }

        await new UapiClient(fixture.Server.SocketPath).GetAsync(); // still serving
        Assert.Empty(fixture.Device.Applied);
    }

    [Fact]
    public async Task Server_ManyConcurrentClients_AreAllServed()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        fixture.Device.Snapshot = SampleSnapshot();
        UapiClient client = new(fixture.Server.SocketPath);

        DeviceState[] states = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? client.GetAsync()
            : client.SetAsync(new InterfaceConfig { ListenPort = (ushort)i }).ContinueWith(t => t.IsCompletedSuccessfully ? client.GetAsync() : throw t.Exception!, TaskScheduler.Default).Unwrap()));

        Assert.All(states, s => Assert.Equal((ushort)51820, s.ListenPort));
        Assert.Equal(20, fixture.Device.Applied.Count);
    }

    [Fact]
    public async Task Server_BeyondMaxConnections_ClosesTheExtraOneAndServesAgainOnceASlotFrees()
    {
        string directory = Directory.CreateTempSubdirectory("dvpn-uapi-").FullName;
        try
        {
            FakeUapiDevice device = new() { Snapshot = new UapiDeviceSnapshot { ListenPort = 5 } };
            await using UapiServer server = new(UapiServerFixture.UniqueName(), device, NullLogger.Instance,
                new UapiServerOptions { SocketDirectory = directory, MaxConnections = 1 });
            server.Start();
            UapiClient client = new(server.SocketPath);

            using (Socket held = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                await held.ConnectAsync(new UnixDomainSocketEndPoint(server.SocketPath));
                Assert.Equal("listen_port=5\nerrno=0\n\n", await UapiServerFixture.ExchangeAsync(held, "get=1\n\n"));

                await Assert.ThrowsAnyAsync<WireGuardException>(() => client.GetAsync());
            }

            // The slot frees once the server sees the held connection end; poll with a deadline.
            long deadline = Environment.TickCount64 + 10_000;
            DeviceState? state = null;
            while (state is null && Environment.TickCount64 < deadline)
            {
                try
                {
                    state = await client.GetAsync();
                }
                catch (WireGuardException)
                {
                    await Task.Delay(20);
                }
            }

            Assert.Equal((ushort)5, state?.ListenPort);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_SocketFile_IsOwnerOnlyAndDirectoryIsCreated()
    {
        string parent = Directory.CreateTempSubdirectory("dvpn-uapi-").FullName;
        try
        {
            string directory = Path.Combine(parent, "wireguard");
            await using UapiServer server = new(UapiServerFixture.UniqueName(), new FakeUapiDevice(), NullLogger.Instance,
                new UapiServerOptions { SocketDirectory = directory });

            server.Start();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.SocketPath));
            Assert.Equal(Path.Combine(directory, server.Name + ".sock"), server.SocketPath);
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                File.GetUnixFileMode(directory));
            Assert.Single(Directory.GetFileSystemEntries(directory)); // no temporary name left behind
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task Start_StaleSocketNobodyAnswers_IsReplaced()
    {
        string directory = Directory.CreateTempSubdirectory("dvpn-uapi-").FullName;
        try
        {
            string name = UapiServerFixture.UniqueName();
            string path = Path.Combine(directory, name + ".sock");
            using Socket stale = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            stale.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: what a crashed server leaves
            FakeUapiDevice device = new() { Snapshot = new UapiDeviceSnapshot { ListenPort = 3 } };
            await using UapiServer server = new(name, device, NullLogger.Instance, new UapiServerOptions { SocketDirectory = directory });

            server.Start();

            Assert.Equal((ushort)3, (await new UapiClient(path).GetAsync()).ListenPort);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Start_SocketInUseByALiveServer_Throws()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        await using UapiServer second = new(fixture.Name, new FakeUapiDevice(), NullLogger.Instance,
            new UapiServerOptions { SocketDirectory = Path.GetDirectoryName(fixture.Server.SocketPath)! });

        Assert.Throws<IOException>(second.Start);
        await new UapiClient(fixture.Server.SocketPath).GetAsync(); // the first one is untouched
    }

    [Fact]
    public async Task Start_Twice_Throws()
    {
        await using UapiServerFixture fixture = UapiServerFixture.StartPrivate();

        Assert.Throws<InvalidOperationException>(fixture.Server.Start);
    }

    [Fact]
    public async Task DisposeAsync_RemovesTheSocketAndClosesOpenConnections()
    {
        UapiServerFixture fixture = UapiServerFixture.StartPrivate();
        string path = fixture.Server.SocketPath;
        using Socket idle = await fixture.ConnectAsync();
        Assert.Equal("errno=0\n\n", await UapiServerFixture.ExchangeAsync(idle, "get=1\n\n"));

        await fixture.Server.DisposeAsync();

        Assert.False(File.Exists(path));
        Assert.Equal("", await UapiServerFixture.ReadReplyAsync(idle)); // end of stream
        await Assert.ThrowsAsync<WireGuardException>(() => new UapiClient(path).GetAsync());
        await fixture.DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("wg\u00e9")]
    public void Constructor_InvalidInterfaceName_Throws(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => new UapiServer(name, new FakeUapiDevice(), NullLogger.Instance));

    [Theory]
    [InlineData("wg0")]
    [InlineData("fifteen-chars-x")]
    [InlineData("a_b=c+d.e-f")]
    public void Constructor_ValidInterfaceName_PlacesTheSocketInTheDefaultDirectory(string name) =>
        Assert.Equal($"/var/run/wireguard/{name}.sock", new UapiServer(name, new FakeUapiDevice(), NullLogger.Instance).SocketPath);
}
