using System.Net;
using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>Lookups by an IP packet's destination (sending) and source (receiving), on hand-built headers.</summary>
public sealed class AllowedIpsTablePacketTests
{
    private readonly TestPeer _sender = new("sender");
    private readonly TestPeer _receiver = new("receiver");
    private readonly TestPeer _fallback = new("fallback");

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(1500)]
    public void LookupDestinationAndSource_V4Header_ReadTheirAddresses(int length)
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] packet = V4Packet("10.0.0.1", "10.9.8.7", length);
        Assert.Same(_receiver, table.LookupDestination(packet));
        Assert.Same(_sender, table.LookupSource(packet));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(1280)]
    public void LookupDestinationAndSource_V6Header_ReadTheirAddresses(int length)
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] packet = V6Packet("fd00::1", "fd00:9::7", length);
        Assert.Same(_receiver, table.LookupDestination(packet));
        Assert.Same(_sender, table.LookupSource(packet));
    }

    [Fact]
    public void LookupDestination_NoMatchingPrefix_FallsBackOrNull()
    {
        AllowedIpsTable<TestPeer> table = Table();
        Assert.Same(_fallback, table.LookupDestination(V4Packet("10.0.0.1", "8.8.8.8", 20)));
        Assert.Null(table.LookupDestination(V6Packet("fd00::1", "2001:db8::1", 40)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x45 })]
    [InlineData(new byte[] { 0x60 })]
    public void LookupPacket_TooShort_Null(byte[] packet)
    {
        AllowedIpsTable<TestPeer> table = Table();
        Assert.Null(table.LookupDestination(packet));
        Assert.Null(table.LookupSource(packet));
    }

    [Fact]
    public void LookupPacket_TruncatedV4Header_Null()
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] packet = V4Packet("10.0.0.1", "10.9.8.7", 20);
        Assert.Null(table.LookupDestination(packet.AsSpan(0, 19)));
        Assert.Null(table.LookupSource(packet.AsSpan(0, 19)));
    }

    [Fact]
    public void LookupPacket_TruncatedV6Header_Null()
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] packet = V6Packet("fd00::1", "fd00:9::7", 40);
        Assert.Null(table.LookupDestination(packet.AsSpan(0, 39)));
        Assert.Null(table.LookupSource(packet.AsSpan(0, 39)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(15)]
    public void LookupPacket_OtherVersion_Null(int version)
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] packet = V6Packet("fd00::1", "fd00:9::7", 40);
        packet[0] = (byte)((version << 4) | (packet[0] & 0x0F));
        Assert.Null(table.LookupDestination(packet));
        Assert.Null(table.LookupSource(packet));
    }

    [Fact]
    public void LookupDestination_Repeated_AllocatesNothing()
    {
        AllowedIpsTable<TestPeer> table = Table();
        byte[] v4 = V4Packet("10.0.0.1", "10.9.8.7", 60);
        byte[] v6 = V6Packet("fd00::1", "fd00:9::7", 60);
        TestPeer? found = null;
        for (int i = 0; i < 100; i++)
        {
            found = table.LookupDestination(v4) ?? table.LookupSource(v6); // warm up, JIT
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            found = table.LookupDestination(v4);
            found = table.LookupSource(v6) ?? found;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Same(_sender, found);
    }

    /// <summary>An IPv4 header (version 4, IHL 5) from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    internal static byte[] V4Packet(string source, string destination, int length)
    {
        byte[] packet = new byte[length];
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[8] = 64; // TTL
        packet[9] = 17; // UDP
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 16);
        return packet;
    }

    /// <summary>An IPv6 header from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    internal static byte[] V6Packet(string source, string destination, int length)
    {
        byte[] packet = new byte[length];
        packet[0] = 0x60;
        packet[4] = (byte)((length - 40) >> 8);
        packet[5] = (byte)(length - 40);
        packet[6] = 17; // next header: UDP
        packet[7] = 64; // hop limit
        IPAddress.Parse(source).GetAddressBytes().CopyTo(packet, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(packet, 24);
        return packet;
    }

    private AllowedIpsTable<TestPeer> Table()
    {
        var table = new AllowedIpsTable<TestPeer>();
        table.Insert(IPNetwork.Parse("0.0.0.0/0"), _fallback);
        table.Insert(IPNetwork.Parse("10.0.0.0/24"), _sender);
        table.Insert(IPNetwork.Parse("10.9.0.0/16"), _receiver);
        table.Insert(IPNetwork.Parse("fd00::/64"), _sender);
        table.Insert(IPNetwork.Parse("fd00:9::/32"), _receiver);
        return table;
    }
}
