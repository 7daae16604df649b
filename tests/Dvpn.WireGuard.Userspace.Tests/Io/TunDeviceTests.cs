using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Userspace.Linux;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>A real TUN interface inside a namespace the test creates: packets both ways, MTU, link state, wake-up.</summary>
[SupportedOSPlatform("linux")]
public sealed class TunDeviceTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly TestNamespace _ns = TestNamespace.Create();
    private readonly IPAddress _local;
    private readonly IPAddress _peer;

    public TunDeviceTests()
    {
        // A random 10.x.y.0/24: the interface is .1, the imagined far side .2.
        byte[] net = RandomNumberGenerator.GetBytes(2);
        _local = new IPAddress([10, net[0], net[1], 1]);
        _peer = new IPAddress([10, net[0], net[1], 2]);
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task Read_UdpDatagramSentInNamespace_ArrivesAsIpv4UdpPacket()
    {
        using TunDevice tun = CreateConfigured();
        using Socket sender = NetworkNamespace.RunIn(_ns.Name, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        byte[] payload = "through-the-tun"u8.ToArray();
        _ = sender.SendTo(payload, new IPEndPoint(_peer, 4242));

        byte[] packet = await ReadMatchingAsync(tun, p => IpPackets.IsIpv4(p, IpPackets.Udp, _local, _peer));

        Assert.Equal(4242, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(IpPackets.Ipv4HeaderSize + 2)));
        Assert.Equal(payload, packet[(IpPackets.Ipv4HeaderSize + 8)..]);
    }

    [Fact]
    public async Task Write_IcmpEchoRequest_KernelEchoReplyIsRead()
    {
        using TunDevice tun = CreateConfigured();
        byte[] request = IpPackets.IcmpEchoRequest(_peer, _local, identifier: 0x7a7a, sequence: 3, "ping-through-tun"u8);

        tun.Write(request);
        byte[] reply = await ReadMatchingAsync(tun, p => IpPackets.IsIpv4(p, IpPackets.Icmp, _local, _peer));

        Assert.Equal(0, tun.WriteErrors);
        Assert.Equal(0, reply[IpPackets.Ipv4HeaderSize]); // echo reply
        Assert.Equal(0x7a7a, BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(IpPackets.Ipv4HeaderSize + 4)));
        Assert.Equal("ping-through-tun"u8.ToArray(), reply[(IpPackets.Ipv4HeaderSize + 8)..]);
    }

    [Fact]
    public void WriteRead_SteadyState_AllocatesNothing()
    {
        using TunDevice tun = CreateConfigured();
        // If a reply never comes, disposing wakes the blocked Read and the count below fails the test.
        using var guard = new Timer(_ => tun.Dispose(), null, Deadline, Timeout.InfiniteTimeSpan);
        byte[] request = IpPackets.IcmpEchoRequest(_peer, _local, identifier: 0x7a7b, sequence: 1, new byte[64]);
        byte[] buffer = new byte[2048];
        Assert.True(Exchange(tun, request, buffer));

        int replies = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 64; i++)
        {
            replies += Exchange(tun, request, buffer) ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(64, replies);
        Assert.Equal(0, allocated);

        // Same thread on purpose (the allocation counter is per thread); the kernel answers at once, and anything
        // else the interface emits (IPv6 housekeeping) is skipped.
        static bool Exchange(TunDevice tun, byte[] request, byte[] buffer)
        {
            tun.Write(request);
            while (tun.Read(buffer) > 0)
            {
                if (buffer[0] == 0x45 && buffer[9] == IpPackets.Icmp && buffer[IpPackets.Ipv4HeaderSize] == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    [Fact]
    public void Write_GarbagePacket_CountedNotThrown()
    {
        using TunDevice tun = CreateConfigured();

        tun.Write([0x45, 0, 0]);
        tun.Write(new byte[tun.Mtu + 200]);

        Assert.True(tun.WriteErrors >= 1, $"write errors: {tun.WriteErrors}");
        Assert.NotEqual(0, tun.LastWriteErrno);
    }

    [Fact]
    public async Task Dispose_BlockedRead_ReturnsZero()
    {
        TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);
        using var started = new ManualResetEventSlim();
        Task<int> read = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return tun.Read(new byte[2048]);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline));

        tun.Dispose();

        Assert.Equal(0, await read.WaitAsync(Deadline));
        Assert.Equal(0, tun.Read(new byte[2048]));
    }

    [Fact]
    public async Task Read_InterfaceDeletedByAnotherProcess_ThrowsIOException()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);
        Task<int> read = Task.Factory.StartNew(() => tun.Read(new byte[2048]), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        _ = _ns.IpIn("link", "del", tun.Name);

        _ = await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(Deadline));
    }

    [Fact]
    public void Read_EmptyBuffer_ThrowsArgumentException()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);

        _ = Assert.Throws<ArgumentException>(() => tun.Read([]));
    }

    [Fact]
    public void Dispose_DeletesInterface()
    {
        TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);
        Assert.True(_ns.TryIpIn("link", "show", "dev", tun.Name));

        tun.Dispose();

        Assert.False(_ns.TryIpIn("link", "show", "dev", tun.Name));
    }

    [Fact]
    public void Mtu_CreateAndSet_KernelReportsIt()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), mtu: 1400, networkNamespace: _ns.Name);
        Assert.Equal(1400, tun.Mtu);
        Assert.Contains("mtu 1400 ", _ns.IpIn("link", "show", "dev", tun.Name), StringComparison.Ordinal);

        tun.Mtu = 1280;

        Assert.Equal(1280, tun.Mtu);
        Assert.Contains("mtu 1280 ", _ns.IpIn("link", "show", "dev", tun.Name), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DefaultMtu_Is1420()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);

        Assert.Equal(TunDevice.DefaultMtu, tun.Mtu);
        Assert.Equal(1420, TunDevice.DefaultMtu);
    }

    [Fact]
    public void SetUp_DownLink_IsUp()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);
        Assert.DoesNotContain(",UP", _ns.IpIn("link", "show", "dev", tun.Name), StringComparison.Ordinal);

        tun.SetUp();

        Assert.Contains(",UP", _ns.IpIn("link", "show", "dev", tun.Name), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EmptyName_KernelChoosesTunName()
    {
        using TunDevice tun = TunDevice.Create("", networkNamespace: _ns.Name);

        Assert.StartsWith("tun", tun.Name, StringComparison.Ordinal);
        Assert.True(_ns.TryIpIn("link", "show", "dev", tun.Name));
    }

    [Fact]
    public void Create_InNamespace_InterfaceAbsentFromHost()
    {
        using TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);

        Assert.Equal(_ns.Name, tun.NetworkNamespace);
        Assert.DoesNotContain(tun.Name, TestNamespace.Ip("link", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NameInUseByAnotherTun_ThrowsWireGuardExceptionSayingBusy()
    {
        using TunDevice first = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);

        WireGuardException e = Assert.Throws<WireGuardException>(() => TunDevice.Create(first.Name, networkNamespace: _ns.Name));

        Assert.Contains("in use", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NameOfNonTunInterface_ThrowsWireGuardException()
    {
        WireGuardException e = Assert.Throws<WireGuardException>(() => TunDevice.Create("lo", networkNamespace: _ns.Name));

        Assert.Contains("errno 22", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sixteen-bytes-xx")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("..")]
    public void Create_InvalidName_ThrowsArgumentException(string name) =>
        Assert.Throws<ArgumentException>(() => TunDevice.Create(name, networkNamespace: _ns.Name));

    [Fact]
    public void Create_MissingNamespace_Throws() =>
        Assert.Throws<NetlinkException>(() => TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: "dui-missing-" + Environment.ProcessId));

    private TunDevice CreateConfigured()
    {
        TunDevice tun = TunDevice.Create(TestNamespace.NewInterfaceName(), networkNamespace: _ns.Name);
        try
        {
            _ = _ns.IpIn("addr", "add", $"{_local}/24", "dev", tun.Name);
            _ = _ns.IpIn("link", "set", tun.Name, "up");
            return tun;
        }
        catch
        {
            tun.Dispose();
            throw;
        }
    }

    /// <summary>Reads on a dedicated thread until a packet matches; on the deadline the device is disposed (waking the reader) and the test fails.</summary>
    private static async Task<byte[]> ReadMatchingAsync(TunDevice tun, Func<byte[], bool> match)
    {
        Task<byte[]?> reader = Task.Factory.StartNew(
            () =>
            {
                byte[] buffer = new byte[2048];
                while (true)
                {
                    int length = tun.Read(buffer);
                    if (length == 0)
                    {
                        return null;
                    }

                    byte[] packet = buffer[..length];
                    if (match(packet))
                    {
                        return packet;
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (await Task.WhenAny(reader, Task.Delay(Deadline)) != reader)
        {
            tun.Dispose();
            Assert.Fail("no matching packet was read from the TUN before the deadline");
        }

        return await reader ?? throw new InvalidOperationException("the TUN was disposed while reading");
    }
}
