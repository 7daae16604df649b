using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Linux;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>recvmmsg/sendmmsg batches on loopback.</summary>
[SupportedOSPlatform("linux")]
public sealed class UdpTransportBatchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void SendBatch_MixedFamilies_ReceiveBatchGetsEveryDatagramAndSource()
    {
        using UdpTransport sender = UdpTransport.Bind(0);
        using UdpTransport receiver = UdpTransport.Bind(0);
        using var guard = new Timer(_ => receiver.Dispose(), null, Deadline, Timeout.InfiniteTimeSpan);
        var batch = new DatagramBatch(8, 1500);
        for (int i = 0; i < 8; i++)
        {
            IPAddress to = i % 2 == 0 ? IPAddress.Loopback : IPAddress.IPv6Loopback;
            batch.SetAddress(i, sender.ToSocketAddress(new IPEndPoint(to, receiver.Port)));
            batch.GetBuffer(i).Fill((byte)i);
            batch.SetLength(i, 100 + i);
        }

        Assert.Equal(8, sender.SendBatch(batch, 8));

        var received = new DatagramBatch(16, 1500);
        SocketAddress source = new(AddressFamily.InterNetworkV6);
        var seen = new Dictionary<int, IPEndPoint>();
        while (seen.Count < 8)
        {
            int count = receiver.ReceiveBatch(received);
            Assert.True(count > 0, "receiver closed before every datagram arrived");
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> datagram = received.GetDatagram(i);
                int tag = datagram[0];
                Assert.Equal(100 + tag, datagram.Length);
                Assert.True(datagram.IndexOfAnyExcept((byte)tag) < 0);
                received.GetAddress(i, source);
                seen[tag] = receiver.ToEndPoint(source);
            }
        }

        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(new IPEndPoint(i % 2 == 0 ? IPAddress.Loopback : IPAddress.IPv6Loopback, sender.Port), seen[i]);
        }
    }

    [Fact]
    public void SendBatch_InvalidDestination_SkippedAndRestSent()
    {
        using UdpTransport sender = UdpTransport.Bind(0);
        using UdpTransport receiver = UdpTransport.Bind(0);
        using var guard = new Timer(_ => receiver.Dispose(), null, Deadline, Timeout.InfiniteTimeSpan);
        var batch = new DatagramBatch(3, 64);
        for (int i = 0; i < 3; i++)
        {
            // Port 0 is never a valid UDP destination: the kernel refuses that one message with EINVAL.
            int port = i == 1 ? 0 : receiver.Port;
            batch.SetAddress(i, sender.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, port)));
            batch.GetBuffer(i)[0] = (byte)i;
            batch.SetLength(i, 1);
        }

        Assert.Equal(2, sender.SendBatch(batch, 3));

        var received = new DatagramBatch(4, 64);
        var tags = new List<byte>();
        while (tags.Count < 2)
        {
            int count = receiver.ReceiveBatch(received);
            Assert.True(count > 0, "receiver closed before both datagrams arrived");
            for (int i = 0; i < count; i++)
            {
                tags.Add(received.GetDatagram(i)[0]);
            }
        }

        Assert.Equal([0, 2], tags);
    }

    [Fact]
    public async Task ReceiveBatch_DisposedFromAnotherThread_ReturnsMinusOne()
    {
        UdpTransport transport = UdpTransport.Bind(0);
        var batch = new DatagramBatch(4, 64);
        using var started = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return transport.ReceiveBatch(batch);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline));

        transport.Dispose();

        Assert.Equal(-1, await receive.WaitAsync(Deadline));
    }

    [Fact]
    public void SendBatchReceiveBatch_SteadyState_AllocatesNothing()
    {
        using UdpTransport transport = UdpTransport.Bind(0);
        using var guard = new Timer(_ => transport.Dispose(), null, Deadline, Timeout.InfiniteTimeSpan);
        var outgoing = new DatagramBatch(4, 1500);
        var incoming = new DatagramBatch(4, 1500);
        for (int i = 0; i < 4; i++)
        {
            outgoing.SetAddress(i, transport.ToSocketAddress(new IPEndPoint(IPAddress.Loopback, transport.Port)));
            outgoing.SetLength(i, 1200);
        }

        Assert.Equal(4, RoundTrip());
        int delivered = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 64; i++)
        {
            delivered += RoundTrip();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(64 * 4, delivered);
        Assert.Equal(0, allocated);

        int RoundTrip()
        {
            _ = transport.SendBatch(outgoing, 4);
            int got = 0;
            while (got < 4)
            {
                int count = transport.ReceiveBatch(incoming);
                if (count < 0)
                {
                    return got;
                }

                got += count;
            }

            return got;
        }
    }
}
