using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>The in-memory TUN: what a test injects the engine reads, what the engine writes a test takes.</summary>
public sealed class MemoryPacketInterfaceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Read_InjectedPackets_ReturnedInOrder()
    {
        using var tun = new MemoryPacketInterface();
        Assert.True(tun.Inject([1, 2, 3]));
        Assert.True(tun.Inject([4]));
        byte[] buffer = new byte[tun.Mtu];

        Assert.Equal(3, tun.Read(buffer));
        Assert.Equal([1, 2, 3], buffer[..3]);
        Assert.Equal(1, tun.Read(buffer));
        Assert.Equal(4, buffer[0]);
    }

    [Fact]
    public void TryTake_WrittenPacket_ReturnsCopy()
    {
        using var tun = new MemoryPacketInterface();
        byte[] packet = [9, 8, 7];

        tun.Write(packet);
        packet[0] = 0;

        Assert.True(tun.TryTake(out byte[] taken, Deadline));
        Assert.Equal([9, 8, 7], taken);
    }

    [Fact]
    public void TryTake_NothingWritten_FalseAfterTimeout()
    {
        using var tun = new MemoryPacketInterface();

        Assert.False(tun.TryTake(out _, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Write_LargerThanMtu_DroppedAndCounted()
    {
        using var tun = new MemoryPacketInterface(mtu: 100);

        tun.Write(new byte[101]);

        Assert.Equal(1, tun.Dropped);
        Assert.False(tun.TryTake(out _, TimeSpan.Zero));
    }

    [Fact]
    public void Inject_QueueFull_DroppedAndCounted()
    {
        using var tun = new MemoryPacketInterface(queueCapacity: 1);

        Assert.True(tun.Inject([1]));
        Assert.False(tun.Inject([2]));

        Assert.Equal(1, tun.Dropped);
    }

    [Fact]
    public async Task Dispose_BlockedRead_ReturnsZero()
    {
        var tun = new MemoryPacketInterface();
        using var started = new ManualResetEventSlim();
        Task<int> read = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return tun.Read(new byte[tun.Mtu]);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(Deadline));

        tun.Dispose();

        Assert.Equal(0, await read.WaitAsync(Deadline));
        Assert.False(tun.Inject([1]));
    }
}
