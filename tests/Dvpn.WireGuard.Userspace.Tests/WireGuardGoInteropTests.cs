using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Tests;

/// <summary>Our initiator against the real wireguard-go on 127.0.0.1, configured through our UAPI backend.</summary>
public sealed class WireGuardGoInteropTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Initiation_ToWireGuardGo_IsAnsweredAndKeysCarryAKeepalive(bool withPresharedKey)
    {
        using PrivateKey goKey = PrivateKey.Generate();
        using PrivateKey ourKey = PrivateKey.Generate();
        using PresharedKey? psk = withPresharedKey ? PresharedKey.Generate() : null;
        byte[] ourPrivate = Convert.FromBase64String(ourKey.ExportBase64());
        byte[] pskBytes = psk is null ? [] : Convert.FromBase64String(psk.ExportBase64());
        using StaticIdentity us = new(ourPrivate);
        CryptographicOperations.ZeroMemory(ourPrivate);
        Assert.Equal(ourKey.PublicKey.ToArray(), us.PublicKey.ToArray());

        using Socket udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        ushort goPort = FreeUdpPort();

        string name = "dvu" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using UapiWireGuardDevice device = await new UapiWireGuardBackend().CreateDeviceAsync(name);
        await device.ApplyAsync(new InterfaceConfig
        {
            PrivateKey = goKey,
            ListenPort = goPort,
            Peers = [new PeerConfig { PublicKey = ourKey.PublicKey, PresharedKey = psk, AllowedIPs = [IPNetwork.Parse("10.201.0.2/32")] }],
        });
        await device.SetUpAsync(true);

        using Handshake handshake = Handshake.CreateInitiator(us, goKey.PublicKey.ToArray(), pskBytes);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        Assert.True(handshake.CreateInitiation(TimeProvider.System.GetUtcNow(), initiation));
        IPEndPoint go = new(IPAddress.Loopback, goPort);
        await udp.SendToAsync(initiation, go);

        byte[] buffer = new byte[1500];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(10));
        SocketReceiveFromResult received = await udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);

        Assert.Equal(HandshakeResponse.Size, received.ReceivedBytes);
        Assert.True(handshake.TryConsumeResponse(buffer.AsSpan(0, received.ReceivedBytes), out TransportKeys? keys));
        using (keys)
        {
            DeviceState before = await device.GetStateAsync();
            PeerState peerBefore = Assert.Single(before.Peers);
            Assert.Null(peerBefore.LastHandshake); // a responder records the handshake once the first data packet confirms it

            // A keepalive (an empty data packet) confirms the session to the responder; it counts the bytes it authenticated.
            byte[] keepalive = new byte[DataPacket.MessageLength(0)];
            DataPacket.Seal(keys, 0, [], keepalive);
            await udp.SendToAsync(keepalive, go);

            ulong expected = peerBefore.ReceivedBytes + (ulong)keepalive.Length;
            long deadline = Environment.TickCount64 + 10_000;
            PeerState after;
            do
            {
                await Task.Delay(50);
                after = Assert.Single((await device.GetStateAsync()).Peers);
            }
            while ((after.ReceivedBytes < expected || after.LastHandshake is null) && Environment.TickCount64 < deadline);

            Assert.Equal(expected, after.ReceivedBytes);
            Assert.NotNull(after.LastHandshake);
        }
    }

    [Fact]
    public async Task WireGuardGoInitiation_ToOurResponder_IsConsumedAndOurResponseIsAccepted()
    {
        using PrivateKey goKey = PrivateKey.Generate();
        using PrivateKey ourKey = PrivateKey.Generate();
        using PresharedKey psk = PresharedKey.Generate();
        byte[] ourPrivate = Convert.FromBase64String(ourKey.ExportBase64());
        byte[] pskBytes = Convert.FromBase64String(psk.ExportBase64());
        using StaticIdentity us = new(ourPrivate);
        CryptographicOperations.ZeroMemory(ourPrivate);

        using Socket udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint ours = (IPEndPoint)udp.LocalEndPoint!;

        string name = "dvu" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using UapiWireGuardDevice device = await new UapiWireGuardBackend().CreateDeviceAsync(name);
        await device.SetUpAsync(true);
        // A persistent keepalive with an endpoint makes wireguard-go start a handshake towards us at once.
        await device.ApplyAsync(new InterfaceConfig
        {
            PrivateKey = goKey,
            ListenPort = FreeUdpPort(),
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = ourKey.PublicKey,
                    PresharedKey = psk,
                    Endpoint = ours,
                    PersistentKeepalive = 1,
                    AllowedIPs = [IPNetwork.Parse("10.201.0.2/32")],
                },
            ],
        });

        byte[] buffer = new byte[1500];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(15));
        SocketReceiveFromResult received;
        do
        {
            received = await udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        }
        while (received.ReceivedBytes != HandshakeInitiation.Size);

        Assert.True(Handshake.TryConsumeInitiation(us, buffer.AsSpan(0, received.ReceivedBytes), out Handshake? responder));
        using (responder)
        {
            Assert.Equal(goKey.PublicKey.ToArray(), responder.RemoteStatic.ToArray());
            byte[] response = new byte[HandshakeResponse.Size];
            Assert.True(responder.CreateResponse(pskBytes, response, out TransportKeys? keys));
            using (keys)
            {
                await udp.SendToAsync(response, received.RemoteEndPoint);

                // wireguard-go, now holding the session, sends its keepalives as transport data under the new keys.
                byte[] plain = new byte[1500];
                int length;
                ulong counter;
                do
                {
                    received = await udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                }
                while (!DataPacket.TryOpen(keys, buffer.AsSpan(0, received.ReceivedBytes), plain, out counter, out length));

                Assert.Equal(0, length); // a keepalive
                PeerState peer = Assert.Single((await device.GetStateAsync()).Peers);
                Assert.NotNull(peer.LastHandshake);
            }
        }
    }

    private static ushort FreeUdpPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (ushort)((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
