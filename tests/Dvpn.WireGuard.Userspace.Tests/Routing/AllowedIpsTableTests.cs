using System.Net;
using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>Cryptokey routing (whitepaper §2): longest-prefix match, ownership, packet lookups.</summary>
public sealed class AllowedIpsTableTests
{
    private readonly TestPeer _a = new("a");
    private readonly TestPeer _b = new("b");
    private readonly TestPeer _c = new("c");
    private readonly TestPeer _d = new("d");
    private readonly TestPeer _e = new("e");

    [Theory]
    [InlineData("10.1.2.3", "e")]
    [InlineData("10.1.2.4", "d")]
    [InlineData("10.1.2.255", "d")]
    [InlineData("10.1.3.0", "c")]
    [InlineData("10.1.255.255", "c")]
    [InlineData("10.2.0.0", "b")]
    [InlineData("10.255.255.255", "b")]
    [InlineData("11.0.0.0", "a")]
    [InlineData("9.255.255.255", "a")]
    [InlineData("0.0.0.0", "a")]
    [InlineData("255.255.255.255", "a")]
    public void Lookup_NestedV4Prefixes_LongestPrefixWins(string address, string expected)
    {
        AllowedIpsTable<TestPeer> table = Table(
            ("0.0.0.0/0", _a), ("10.0.0.0/8", _b), ("10.1.0.0/16", _c), ("10.1.2.0/24", _d), ("10.1.2.3/32", _e));
        Assert.Equal(expected, table.Lookup(IPAddress.Parse(address).GetAddressBytes())?.Name);
    }

    [Theory]
    [InlineData("2001:db8:1::1", "d")]
    [InlineData("2001:db8:1::2", "c")]
    [InlineData("2001:db8:1:ffff:ffff:ffff:ffff:ffff", "c")]
    [InlineData("2001:db8:2::1", "b")]
    [InlineData("2001:db9::", "a")]
    [InlineData("fe80::1", "e")]
    [InlineData("febf:ffff::", "e")]
    [InlineData("fec0::", "a")]
    [InlineData("::", "a")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a")]
    public void Lookup_NestedV6Prefixes_LongestPrefixWins(string address, string expected)
    {
        AllowedIpsTable<TestPeer> table = Table(
            ("::/0", _a), ("2001:db8::/32", _b), ("2001:db8:1::/48", _c), ("2001:db8:1::1/128", _d), ("fe80::/10", _e));
        Assert.Equal(expected, table.Lookup(IPAddress.Parse(address).GetAddressBytes())?.Name);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("2001:db8::1")]
    public void Lookup_OtherFamilyOnly_Null(string address)
    {
        // A v4 /0 does not cover v6 and a v6 /0 does not cover v4, mapped addresses included.
        byte[] bytes = IPAddress.Parse(address).GetAddressBytes();
        AllowedIpsTable<TestPeer> table = bytes.Length == 4 ? Table(("::/0", _a)) : Table(("0.0.0.0/0", _a));
        Assert.Null(table.Lookup(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(17)]
    public void Lookup_AddressOfOtherLength_Null(int length)
    {
        AllowedIpsTable<TestPeer> table = Table(("0.0.0.0/0", _a), ("::/0", _b));
        Assert.Null(table.Lookup(new byte[length]));
    }

    [Fact]
    public void Lookup_EmptyTable_Null()
    {
        var table = new AllowedIpsTable<TestPeer>();
        Assert.Null(table.Lookup([10, 0, 0, 1]));
        Assert.Null(table.Lookup(new byte[16]));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void Insert_ExistingPrefix_MovesToNewOwner()
    {
        AllowedIpsTable<TestPeer> table = Table(("10.0.0.0/8", _a), ("10.1.0.0/16", _a));
        table.Insert(IPNetwork.Parse("10.0.0.0/8"), _b);

        Assert.Equal(2, table.Count);
        Assert.Same(_b, table.Lookup([10, 2, 0, 0]));
        Assert.Same(_a, table.Lookup([10, 1, 0, 0]));
        Assert.Equal([IPNetwork.Parse("10.1.0.0/16")], table.GetPrefixes(_a));
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8")], table.GetPrefixes(_b));
        Assert.False(table.Remove(IPNetwork.Parse("10.0.0.0/8"), _a)); // the old owner no longer holds it
    }

    [Fact]
    public void Insert_PrefixCoveringAnother_BothKeptAndCountedOnce()
    {
        var table = new AllowedIpsTable<TestPeer>();
        table.Insert(IPNetwork.Parse("10.1.0.0/16"), _a);
        table.Insert(IPNetwork.Parse("10.2.0.0/16"), _b); // creates an ownerless branch point at 10.0.0.0/14
        table.Insert(IPNetwork.Parse("10.0.0.0/14"), _c); // lands exactly on the branch point
        table.Insert(IPNetwork.Parse("10.0.0.0/8"), _d); // above everything

        Assert.Equal(4, table.Count);
        Assert.Same(_a, table.Lookup([10, 1, 9, 9]));
        Assert.Same(_b, table.Lookup([10, 2, 9, 9]));
        Assert.Same(_c, table.Lookup([10, 3, 9, 9]));
        Assert.Same(_d, table.Lookup([10, 4, 0, 0]));
    }

    [Fact]
    public void Remove_ByOwner_FallsBackToShorterPrefix()
    {
        AllowedIpsTable<TestPeer> table = Table(("10.0.0.0/8", _a), ("10.1.0.0/16", _b));
        Assert.True(table.Remove(IPNetwork.Parse("10.1.0.0/16"), _b));
        Assert.Same(_a, table.Lookup([10, 1, 0, 1]));
        Assert.Equal(1, table.Count);
        Assert.False(table.Remove(IPNetwork.Parse("10.1.0.0/16"), _b)); // gone
    }

    [Fact]
    public void Remove_ByAnotherPeer_KeepsPrefix()
    {
        AllowedIpsTable<TestPeer> table = Table(("2001:db8::/32", _a));
        Assert.False(table.Remove(IPNetwork.Parse("2001:db8::/32"), _b));
        Assert.Same(_a, table.Lookup(IPAddress.Parse("2001:db8::5").GetAddressBytes()));
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void Remove_PrefixNotHeld_FalseAndNothingChanges()
    {
        AllowedIpsTable<TestPeer> table = Table(("10.1.0.0/16", _a), ("10.2.0.0/16", _a));
        Assert.False(table.Remove(IPNetwork.Parse("10.0.0.0/14"), _a)); // only a branch point there
        Assert.False(table.Remove(IPNetwork.Parse("10.1.0.0/24"), _a));
        Assert.False(table.Remove(IPNetwork.Parse("::/0"), _a));
        Assert.Equal(2, table.Count);
        Assert.Same(_a, table.Lookup([10, 2, 0, 0]));
    }

    [Fact]
    public void RemoveAll_Owner_RemovesOnlyItsPrefixes()
    {
        AllowedIpsTable<TestPeer> table = Table(
            ("0.0.0.0/0", _a), ("10.0.0.0/8", _b), ("10.1.0.0/16", _a), ("::/0", _a), ("2001:db8::/32", _b));
        table.RemoveAll(_a);

        Assert.Equal(2, table.Count);
        Assert.Empty(table.GetPrefixes(_a));
        Assert.Same(_b, table.Lookup([10, 1, 0, 0]));
        Assert.Null(table.Lookup([11, 0, 0, 0]));
        Assert.Same(_b, table.Lookup(IPAddress.Parse("2001:db8::1").GetAddressBytes()));
        Assert.Null(table.Lookup(IPAddress.Parse("2001:db9::1").GetAddressBytes()));
    }

    [Fact]
    public void GetPrefixes_AnyInsertOrder_V4ThenV6Ascending()
    {
        AllowedIpsTable<TestPeer> table = Table(
            ("2001:db8::/32", _a), ("192.168.1.0/24", _a), ("::/0", _a), ("10.0.0.0/8", _a), ("10.0.0.0/16", _a),
            ("10.0.0.7/32", _a), ("0.0.0.0/0", _a), ("fe80::/10", _a), ("2001:db8::/48", _a), ("172.16.0.0/12", _b));

        string[] expected =
        [
            "0.0.0.0/0", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.7/32", "192.168.1.0/24",
            "::/0", "2001:db8::/32", "2001:db8::/48", "fe80::/10",
        ];
        Assert.Equal(expected, table.GetPrefixes(_a).Select(p => p.ToString()));
        Assert.Equal(["172.16.0.0/12"], table.GetPrefixes(_b).Select(p => p.ToString()));
        Assert.Empty(table.GetPrefixes(_c));
    }

    [Fact]
    public void Clear_AfterInserts_EmptiesTable()
    {
        AllowedIpsTable<TestPeer> table = Table(("0.0.0.0/0", _a), ("::/0", _b));
        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Null(table.Lookup([1, 2, 3, 4]));
        Assert.Empty(table.GetPrefixes(_a));
        table.Insert(IPNetwork.Parse("1.0.0.0/8"), _c);
        Assert.Same(_c, table.Lookup([1, 2, 3, 4]));
    }

    [Fact]
    public void Insert_DefaultNetwork_IsTheV4DefaultRoute()
    {
        var table = new AllowedIpsTable<TestPeer>();
        table.Insert(default, _a);
        Assert.Same(_a, table.Lookup([198, 51, 100, 1]));
        Assert.Null(table.Lookup(new byte[16]));
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0")], table.GetPrefixes(_a));
    }

    [Fact]
    public void Insert_Null_Throws()
    {
        var table = new AllowedIpsTable<TestPeer>();
        Assert.Throws<ArgumentNullException>(() => table.Insert(IPNetwork.Parse("10.0.0.0/8"), null!));
    }

    private static AllowedIpsTable<TestPeer> Table(params (string Prefix, TestPeer Owner)[] routes)
    {
        var table = new AllowedIpsTable<TestPeer>();
        foreach ((string prefix, TestPeer owner) in routes)
        {
            table.Insert(IPNetwork.Parse(prefix), owner);
        }

        return table;
    }
}
