using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Uapi;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;
using Dvpn.WireGuard.Userspace.Tests.Io;

namespace Dvpn.WireGuard.Userspace.Tests;

/// <summary>An ICMP echo sealed by us, delivered by wireguard-go to this host's kernel, and the kernel's reply sealed back to us.</summary>
public sealed class PingThroughWireGuardGoTests
{
    [Fact]
    public async Task Ping_ThroughWireGuardGo_KernelEchoReplyOpensUnderOurKeys()
    {
        using PrivateKey goKey = PrivateKey.Generate();
        using PrivateKey ourKey = PrivateKey.Generate();
        byte[] ourPrivate = Convert.FromBase64String(ourKey.ExportBase64());
        using StaticIdentity us = new(ourPrivate);
        CryptographicOperations.ZeroMemory(ourPrivate);

        // A random 10.x.y.0/24 so that parallel runs do not collide: wireguard-go's side is .1, ours .2.
        byte[] net = RandomNumberGenerator.GetBytes(2);
        IPAddress goAddress = new([10, net[0], net[1], 1]);
        IPAddress ourAddress = new([10, net[0], net[1], 2]);

        using Socket udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        ushort goPort = (ushort)((IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Close();

        string name = "dvp" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using UapiWireGuardDevice device = await new UapiWireGuardBackend().CreateDeviceAsync(name);
        await device.ApplyAsync(new InterfaceConfig
        {
            PrivateKey = goKey,
            ListenPort = goPort,
            Peers = [new PeerConfig { PublicKey = ourKey.PublicKey, AllowedIPs = [new IPNetwork(ourAddress, 32)] }],
        });
        await RunIpAsync($"address add {goAddress}/24 dev {name}");
        await device.SetUpAsync(true);

        using Handshake handshake = Handshake.CreateInitiator(us, goKey.PublicKey.ToArray(), []);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        Assert.True(handshake.CreateInitiation(TimeProvider.System.GetUtcNow(), initiation));
        IPEndPoint go = new(IPAddress.Loopback, goPort);
        await udp.SendToAsync(initiation, go);
        byte[] buffer = new byte[2048];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(15));
        SocketReceiveFromResult received = await udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        Assert.True(handshake.TryConsumeResponse(buffer.AsSpan(0, received.ReceivedBytes), out TransportKeys? keys));
        using (keys)
        {
            byte[] echo = IcmpEcho(ourAddress, goAddress, identifier: 0x4456, sequence: 1, payload: "dvpn-userspace"u8);
            byte[] wire = new byte[DataPacket.MessageLength(echo.Length)];
            DataPacket.Seal(keys, 0, echo, wire);
            await udp.SendToAsync(wire, go);

            byte[] plain = new byte[2048];
            int length;
            do
            {
                received = await udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            }
            while (!DataPacket.TryOpen(keys, buffer.AsSpan(0, received.ReceivedBytes), plain, out _, out length) || length == 0);

            byte[] reply = plain[..length];
            Assert.Equal(0x45, reply[0]);
            Assert.Equal(1, reply[9]); // ICMP
            Assert.Equal(goAddress.GetAddressBytes(), reply[12..16]);
            Assert.Equal(ourAddress.GetAddressBytes(), reply[16..20]);
            Assert.Equal(0, reply[20]); // echo reply
            Assert.Equal(0x4456, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(24)));
            Assert.Equal("dvpn-userspace"u8.ToArray(), reply[28..(28 + 14)]);
        }
    }

    private static byte[] IcmpEcho(IPAddress source, IPAddress destination, ushort identifier, ushort sequence, ReadOnlySpan<byte> payload)
    {
        const int IpHeaderSize = 20;
        const int IcmpHeaderSize = 8;
        byte[] packet = new byte[IpHeaderSize + IcmpHeaderSize + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64; // TTL
        packet[9] = 1; // ICMP
        source.GetAddressBytes().CopyTo(packet, 12);
        destination.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), IpPackets.Checksum(packet.AsSpan(0, IpHeaderSize)));
        Span<byte> icmp = packet.AsSpan(IpHeaderSize);
        icmp[0] = 8; // echo request
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        payload.CopyTo(icmp[IcmpHeaderSize..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], IpPackets.Checksum(icmp));
        return packet;
    }

    private static async Task RunIpAsync(string arguments)
    {
        using Process ip = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true })!;
        string error = await ip.StandardError.ReadToEndAsync();
        await ip.WaitForExitAsync();
        Assert.True(ip.ExitCode == 0, $"ip {arguments}: {error}");
    }
}
