using System.Net;
using System.Net.Sockets;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>The in-memory UDP network the engine tests run on.</summary>
public sealed class MemoryNetworkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("198.51.100.1");

    [Fact]
    public void Send_ToBoundTransport_DeliversPayloadAndSource()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport a = network.Bind(A, 51820);
        using MemoryDatagramTransport b = network.Bind(B);

        Assert.True(a.Send("hello"u8, a.ToSocketAddress(b.LocalEndPoint)));
        (byte[] payload, IPEndPoint source) = ReceiveOne(b);

        Assert.Equal("hello"u8.ToArray(), payload);
        Assert.Equal(new IPEndPoint(A, 51820), source);
        Assert.NotEqual(0, b.Port);
    }

    [Fact]
    public void Send_Ipv6_DeliversWithIpv6Source()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport a = network.Bind(IPAddress.Parse("2001:db8::1"));
        using MemoryDatagramTransport b = network.Bind(IPAddress.Parse("2001:db8::2"));

        Assert.True(a.Send("v6"u8, a.ToSocketAddress(b.LocalEndPoint)));

        Assert.Equal(a.LocalEndPoint, ReceiveOne(b).Source);
    }

    [Fact]
    public void Send_QueueFull_DropsAndCountsLost()
    {
        var network = new MemoryNetwork(queueCapacity: 2);
        using MemoryDatagramTransport a = network.Bind(A);
        using MemoryDatagramTransport b = network.Bind(B);
        SocketAddress to = a.ToSocketAddress(b.LocalEndPoint);

        for (byte i = 1; i <= 3; i++)
        {
            Assert.True(a.Send([i], to));
        }

        Assert.Equal(2, b.Pending);
        Assert.Equal(1, network.Lost);
        Assert.Equal([1], ReceiveOne(b).Payload);
        Assert.Equal([2], ReceiveOne(b).Payload);
    }

    [Fact]
    public void Send_ToUnboundEndpoint_LostLikeUdp()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport a = network.Bind(A);

        Assert.True(a.Send("void"u8, a.ToSocketAddress(new IPEndPoint(B, 9))));

        Assert.Equal(1, network.Lost);
    }

    [Fact]
    public async Task Receive_DisposedWhileBlocked_ReturnsMinusOne()
    {
        var network = new MemoryNetwork();
        MemoryDatagramTransport b = network.Bind(B);
        using var started = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return b.Receive(new byte[64], new SocketAddress(AddressFamily.InterNetworkV6));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline));

        b.Dispose();

        Assert.Equal(-1, await receive.WaitAsync(Deadline));
    }

    [Fact]
    public void MoveTo_NewAddress_ReceiverSeesNewSource()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport roamer = network.Bind(A, 40000);
        using MemoryDatagramTransport server = network.Bind(B, 51820);
        SocketAddress to = roamer.ToSocketAddress(server.LocalEndPoint);
        Assert.True(roamer.Send("before"u8, to));
        Assert.Equal(new IPEndPoint(A, 40000), ReceiveOne(server).Source);

        IPEndPoint moved = roamer.MoveTo(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 0));
        Assert.True(roamer.Send("after"u8, to));

        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000), moved);
        Assert.Equal(moved, ReceiveOne(server).Source);
    }

    [Fact]
    public void MoveTo_OldEndpoint_NoLongerReceives()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport roamer = network.Bind(A, 40000);
        using MemoryDatagramTransport server = network.Bind(B, 51820);
        IPEndPoint old = roamer.LocalEndPoint;

        IPEndPoint moved = roamer.MoveTo(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40001));
        Assert.True(server.Send("old"u8, server.ToSocketAddress(old)));
        Assert.True(server.Send("new"u8, server.ToSocketAddress(moved)));

        Assert.Equal(1, network.Lost);
        Assert.Equal("new"u8.ToArray(), ReceiveOne(roamer).Payload);
        Assert.Equal(0, roamer.Pending);
    }

    [Fact]
    public void Bind_TakenEndpoint_Throws()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport first = network.Bind(A, 51820);
        using MemoryDatagramTransport second = network.Bind(B, 51820);

        _ = Assert.Throws<InvalidOperationException>(() => network.Bind(A, 51820));
        _ = Assert.Throws<InvalidOperationException>(() => second.MoveTo(first.LocalEndPoint));
    }

    [Fact]
    public void Filter_Drop_LosesDatagram()
    {
        var network = new MemoryNetwork { Filter = d => d.Payload.Span[0] == 2 ? MemoryDelivery.Drop : MemoryDelivery.Deliver };
        using MemoryDatagramTransport a = network.Bind(A);
        using MemoryDatagramTransport b = network.Bind(B);
        SocketAddress to = a.ToSocketAddress(b.LocalEndPoint);

        _ = a.Send([1], to);
        _ = a.Send([2], to);
        _ = a.Send([3], to);

        Assert.Equal(1, network.Lost);
        Assert.Equal([1], ReceiveOne(b).Payload);
        Assert.Equal([3], ReceiveOne(b).Payload);
        Assert.Equal(0, b.Pending);
    }

    [Fact]
    public void Filter_Duplicate_DeliversTwice()
    {
        var network = new MemoryNetwork { Filter = _ => MemoryDelivery.Duplicate };
        using MemoryDatagramTransport a = network.Bind(A);
        using MemoryDatagramTransport b = network.Bind(B);

        _ = a.Send([7], a.ToSocketAddress(b.LocalEndPoint));

        Assert.Equal(2, b.Pending);
        Assert.Equal([7], ReceiveOne(b).Payload);
        Assert.Equal([7], ReceiveOne(b).Payload);
    }

    [Fact]
    public void Filter_Delay_ReordersAfterNextDatagram()
    {
        var network = new MemoryNetwork { Filter = d => d.Payload.Span[0] == 1 ? MemoryDelivery.Delay : MemoryDelivery.Deliver };
        using MemoryDatagramTransport a = network.Bind(A);
        using MemoryDatagramTransport b = network.Bind(B);
        SocketAddress to = a.ToSocketAddress(b.LocalEndPoint);

        _ = a.Send([1], to);
        Assert.Equal(0, b.Pending);
        _ = a.Send([2], to);

        Assert.Equal([2], ReceiveOne(b).Payload);
        Assert.Equal([1], ReceiveOne(b).Payload);
    }

    [Fact]
    public void ReleaseDelayed_HeldDatagram_Delivered()
    {
        var network = new MemoryNetwork { Filter = _ => MemoryDelivery.Delay };
        using MemoryDatagramTransport a = network.Bind(A);
        using MemoryDatagramTransport b = network.Bind(B);
        _ = a.Send([5], a.ToSocketAddress(b.LocalEndPoint));
        Assert.Equal(0, b.Pending);

        network.ReleaseDelayed();

        Assert.Equal([5], ReceiveOne(b).Payload);
    }

    [Fact]
    public void ToSocketAddress_V4Mapped_NormalisedToIpv4()
    {
        var network = new MemoryNetwork();
        using MemoryDatagramTransport a = network.Bind(A);

        SocketAddress address = a.ToSocketAddress(new IPEndPoint(B.MapToIPv6(), 5));

        Assert.Equal(AddressFamily.InterNetwork, address.Family);
        Assert.Equal(new IPEndPoint(B, 5), a.ToEndPoint(address));
    }

    private static (byte[] Payload, IPEndPoint Source) ReceiveOne(MemoryDatagramTransport transport)
    {
        byte[] buffer = new byte[2048];
        SocketAddress source = new(AddressFamily.InterNetworkV6);
        int length = transport.Receive(buffer, source, Deadline);
        Assert.True(length >= 0, "nothing received before the deadline");
        return (buffer[..length], transport.ToEndPoint(source));
    }
}
