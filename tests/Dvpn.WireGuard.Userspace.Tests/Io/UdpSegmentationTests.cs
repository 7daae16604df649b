using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>UDP GSO: one send, several datagrams on the wire, each the size asked (the last may be shorter).</summary>
[SupportedOSPlatform("linux")]
public sealed class UdpSegmentationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SendSegments_ArrivesAsSeparateDatagramsOfTheSegmentSize(bool ipv6)
    {
        using UdpTransport sender = UdpTransport.Bind(0);
        using UdpTransport receiver = UdpTransport.Bind(0);
        IPAddress loopback = ipv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        SocketAddress destination = sender.ToSocketAddress(new IPEndPoint(loopback, receiver.Port));
        byte[] run = new byte[3 * 148 + 60];
        for (int i = 0; i < run.Length; i++)
        {
            run[i] = (byte)(i / 148);
        }

        Assert.True(sender.SupportsSegmentation);
        Assert.True(sender.SendSegments(run, 148, destination));

        byte[] buffer = new byte[2048];
        var source = new SocketAddress(AddressFamily.InterNetworkV6);
        int[] expected = [148, 148, 148, 60];
        for (int i = 0; i < expected.Length; i++)
        {
            receiver.Socket.ReceiveTimeout = 5000;
            int length = receiver.Receive(buffer, source);
            Assert.Equal(expected[i], length);
            Assert.All(buffer.AsSpan(0, length).ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public void SendSegments_AfterDispose_ReturnsFalse()
    {
        UdpTransport sender = UdpTransport.Bind(0);
        SocketAddress destination = sender.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, 9));
        sender.Dispose();

        Assert.False(sender.SendSegments(new byte[300], 100, destination));
    }
}
