using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>The dual-stack UDP transport on loopback and inside a namespace the test creates.</summary>
[SupportedOSPlatform("linux")]
public sealed class UdpTransportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void SendReceive_Loopback_DeliversPayloadAndSource(string loopback)
    {
        IPAddress address = IPAddress.Parse(loopback);
        using UdpTransport a = UdpTransport.Bind(0);
        using UdpTransport b = UdpTransport.Bind(0);
        b.Socket.ReceiveTimeout = (int)Deadline.TotalMilliseconds;

        Assert.True(a.Send("hello over udp"u8, a.ToSocketAddress(new IPEndPoint(address, b.Port))));
        byte[] buffer = new byte[2048];
        SocketAddress source = new(AddressFamily.InterNetworkV6);
        int length = b.Receive(buffer, source);

        Assert.Equal("hello over udp"u8.ToArray(), buffer[..length]);
        Assert.Equal(new IPEndPoint(address, a.Port), b.ToEndPoint(source));
    }

    [Fact]
    public void Receive_SameAddressObject_ReusedAcrossIpv4AndIpv6Sources()
    {
        using UdpTransport receiver = UdpTransport.Bind(0);
        using UdpTransport sender = UdpTransport.Bind(0);
        receiver.Socket.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        byte[] buffer = new byte[64];
        SocketAddress source = new(AddressFamily.InterNetworkV6);

        Assert.True(sender.Send("4"u8, sender.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, receiver.Port))));
        Assert.Equal(1, receiver.Receive(buffer, source));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, sender.Port), receiver.ToEndPoint(source));
        Assert.True(sender.Send("6"u8, sender.ToSocketAddress(new IPEndPoint(IPAddress.IPv6Loopback, receiver.Port))));
        Assert.Equal(1, receiver.Receive(buffer, source));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, sender.Port), receiver.ToEndPoint(source));
    }

    [Fact]
    public void Port_BoundToZero_ReportsKernelChosenPort()
    {
        using UdpTransport transport = UdpTransport.Bind(0);

        Assert.NotEqual(0, transport.Port);
        Assert.Equal(transport.Port, ((IPEndPoint)transport.Socket.LocalEndPoint!).Port);
        Assert.True(transport.IsDualStack);
    }

    [Fact]
    public void Bind_TakenPort_ThrowsSocketException()
    {
        using UdpTransport first = UdpTransport.Bind(0);

        SocketException e = Assert.Throws<SocketException>(() => UdpTransport.Bind(first.Port));

        Assert.Equal(SocketError.AddressAlreadyInUse, e.SocketErrorCode);
    }

    [Fact]
    public async Task Receive_DisposedFromAnotherThread_ReturnsMinusOne()
    {
        UdpTransport transport = UdpTransport.Bind(0);
        using var started = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return transport.Receive(new byte[2048], new SocketAddress(AddressFamily.InterNetworkV6));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline));

        transport.Dispose();

        Assert.Equal(-1, await receive.WaitAsync(Deadline));
        Assert.Equal(-1, transport.Receive(new byte[16], new SocketAddress(AddressFamily.InterNetworkV6)));
        Assert.False(transport.Send("late"u8, transport.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, 9))));
    }

    [Fact]
    public void Receive_AfterIcmpPortUnreachable_KeepsReceiving()
    {
        using UdpTransport transport = UdpTransport.Bind(0);
        using UdpTransport peer = UdpTransport.Bind(0);
        transport.Socket.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        // Without IP_RECVERR Linux hides ICMP errors from unconnected sockets; ask for them so that the port
        // unreachable below really reaches recvfrom as ECONNREFUSED.
        transport.Socket.SetRawSocketOption(0 /* SOL_IP */, 11 /* IP_RECVERR */, BitConverter.GetBytes(1));
        transport.Socket.SetRawSocketOption(41 /* SOL_IPV6 */, 25 /* IPV6_RECVERR */, BitConverter.GetBytes(1));
        ushort closed = ClosedPort();

        _ = transport.Send("to nobody"u8, transport.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, closed)));
        Assert.True(peer.Send("still here"u8, peer.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, transport.Port))));
        byte[] buffer = new byte[64];
        int length = transport.Receive(buffer, new SocketAddress(AddressFamily.InterNetworkV6));

        Assert.Equal("still here"u8.ToArray(), buffer[..length]);
    }

    [Fact]
    public void Bind_InNamespace_ReachableOnlyThere()
    {
        using TestNamespace ns = TestNamespace.Create();
        using UdpTransport transport = UdpTransport.Bind(0, ns.Name);
        transport.Socket.ReceiveTimeout = (int)Deadline.TotalMilliseconds;

        // The host has nobody on that port: a connected socket hears the port unreachable.
        using Socket host = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Deadline.TotalMilliseconds };
        host.Connect(new IPEndPoint(IPAddress.Loopback, transport.Port));
        _ = host.Send("from the host"u8);
        SocketException refused = Assert.Throws<SocketException>(() => host.Receive(new byte[64]));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        using Socket inside = NetworkNamespace.RunIn(ns.Name, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        _ = inside.SendTo("from inside"u8, new IPEndPoint(IPAddress.Loopback, transport.Port));
        byte[] buffer = new byte[64];
        int length = transport.Receive(buffer, new SocketAddress(AddressFamily.InterNetworkV6));

        Assert.Equal("from inside"u8.ToArray(), buffer[..length]);
        Assert.Equal(ns.Name, transport.NetworkNamespace);
    }

    [Fact]
    public void Bind_MissingNamespace_ThrowsNetlinkException() =>
        Assert.Throws<NetlinkException>(() => UdpTransport.Bind(0, "dui-missing-" + Environment.ProcessId));

    [Fact]
    public void FirewallMark_Set_KernelReportsIt()
    {
        using UdpTransport transport = UdpTransport.Bind(0);

        transport.FirewallMark = 0x51820;

        byte[] value = new byte[4];
        _ = transport.Socket.GetRawSocketOption(1 /* SOL_SOCKET */, 36 /* SO_MARK */, value);
        Assert.Equal(0x51820, BitConverter.ToInt32(value));
        Assert.Equal(0x51820u, transport.FirewallMark);
    }

    [Fact]
    public void Bind_AsRoot_SocketBuffersAtLeastRequested()
    {
        using UdpTransport transport = UdpTransport.Bind(0);

        Assert.True(transport.Socket.ReceiveBufferSize >= UdpTransport.SocketBufferSize, $"receive buffer {transport.Socket.ReceiveBufferSize}");
        Assert.True(transport.Socket.SendBufferSize >= UdpTransport.SocketBufferSize, $"send buffer {transport.Socket.SendBufferSize}");
    }

    [Fact]
    public void ToSocketAddress_Ipv4OnDualStack_MapsToIpv6AndBack()
    {
        using UdpTransport transport = UdpTransport.Bind(0);
        var endpoint = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 51820);

        SocketAddress address = transport.ToSocketAddress(endpoint);

        Assert.Equal(AddressFamily.InterNetworkV6, address.Family);
        Assert.Equal(endpoint, transport.ToEndPoint(address));
        Assert.Equal(address, transport.ToSocketAddress(endpoint));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void SendReceive_SteadyState_AllocatesNothing(string loopback)
    {
        using UdpTransport transport = UdpTransport.Bind(0);
        transport.Socket.ReceiveTimeout = (int)Deadline.TotalMilliseconds;
        SocketAddress self = transport.ToSocketAddress(new IPEndPoint(IPAddress.Parse(loopback), transport.Port));
        SocketAddress source = new(AddressFamily.InterNetworkV6);
        byte[] datagram = new byte[1200];
        byte[] buffer = new byte[2048];
        for (int i = 0; i < 16; i++)
        {
            Assert.True(transport.Send(datagram, self));
            Assert.Equal(datagram.Length, transport.Receive(buffer, source));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 256; i++)
        {
            _ = transport.Send(datagram, self);
            _ = transport.Receive(buffer, source);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static ushort ClosedPort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (ushort)((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
