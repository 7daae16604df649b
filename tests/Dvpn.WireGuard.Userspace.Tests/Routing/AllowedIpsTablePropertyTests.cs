using System.Net;
using Dvpn.WireGuard.Userspace.Routing;

namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>The table against a brute-force model, and lookups racing configuration writes.</summary>
public sealed class AllowedIpsTablePropertyTests
{
    private static readonly TestPeer[] Peers = [.. Enumerable.Range(0, 6).Select(i => new TestPeer($"p{i}"))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Lookup_RandomPrefixesAndAddresses_MatchesBruteForce(int seed)
    {
        var random = new SplitMix64((ulong)seed);
        var table = new AllowedIpsTable<TestPeer>();
        var reference = new ReferenceRoutes();
        List<IPNetwork> inserted = [];
        for (int step = 0; step < 3000; step++)
        {
            int kind = random.Next(0, 10);
            if (kind < 6 || inserted.Count == 0)
            {
                IPNetwork prefix = RandomPrefix(random, v6: random.Next(0, 2) == 1);
                TestPeer owner = Peers[random.Next(0, Peers.Length)];
                table.Insert(prefix, owner);
                reference.Insert(prefix, owner);
                inserted.Add(prefix);
            }
            else if (kind < 9)
            {
                // Remove a known prefix, with its owner or (as often) with another peer.
                IPNetwork prefix = inserted[random.Next(0, inserted.Count)];
                TestPeer owner = Peers[random.Next(0, Peers.Length)];
                Assert.Equal(reference.Remove(prefix, owner), table.Remove(prefix, owner));
            }
            else if (random.Next(0, 20) == 0)
            {
                TestPeer owner = Peers[random.Next(0, Peers.Length)];
                table.RemoveAll(owner);
                reference.RemoveAll(owner);
            }

            Assert.Equal(reference.Count, table.Count);
            if (step % 100 == 0)
            {
                AssertWellFormed(table.Snapshot.V4, 32);
                AssertWellFormed(table.Snapshot.V6, 128);
            }
        }

        AssertWellFormed(table.Snapshot.V4, 32);
        AssertWellFormed(table.Snapshot.V6, 128);

        for (int i = 0; i < 10_000; i++)
        {
            byte[] address = i % 2 == 0 ? RandomAddressNear(random, inserted) : RandomBytes(random, random.Next(0, 2) == 1 ? 16 : 4);
            Assert.Same(reference.Lookup(address), table.Lookup(address));
        }

        foreach (TestPeer peer in Peers)
        {
            Assert.Equal(reference.GetPrefixes(peer), table.GetPrefixes(peer));
        }
    }

    [Fact]
    public void Lookup_WhileAnotherThreadWrites_AlwaysAnOwnerOfAMatchingPrefix()
    {
        // A fixed universe: each prefix only ever belongs to one peer, so any answer can be checked against it.
        var random = new SplitMix64(42);
        (IPNetwork Prefix, TestPeer Owner)[] universe =
            [.. Enumerable.Range(0, 200).Select(i => (RandomPrefix(random, v6: i % 2 == 1), Peers[i % Peers.Length]))
                .DistinctBy(r => r.Item1)];
        byte[][] addresses = [.. Enumerable.Range(0, 1000).Select(_ => RandomAddressNear(random, [.. universe.Select(u => u.Prefix)]))];
        var table = new AllowedIpsTable<TestPeer>();
        Exception? failure = null;
        int writerDone = 0;
        long lookups = 0;

        var writer = new Thread(() => Guard(() =>
        {
            var writes = new SplitMix64(7);
            for (int i = 0; i < 20_000; i++)
            {
                (IPNetwork prefix, TestPeer owner) = universe[writes.Next(0, universe.Length)];
                if (writes.Next(0, 3) == 0)
                {
                    table.Remove(prefix, owner);
                }
                else
                {
                    table.Insert(prefix, owner);
                }

                if (i % 5000 == 4999)
                {
                    table.RemoveAll(Peers[writes.Next(0, Peers.Length)]);
                }
            }
        }, () => Volatile.Write(ref writerDone, 1)));

        Thread[] readers = [.. Enumerable.Range(0, 2).Select(r => new Thread(() => Guard(() =>
        {
            int i = r;
            while (Volatile.Read(ref writerDone) == 0 || i < 2000)
            {
                byte[] address = addresses[i++ % addresses.Length];
                TestPeer? found = table.Lookup(address);
                if (found is not null && !universe.Any(u => ReferenceEquals(u.Owner, found) && Contains(u.Prefix, address)))
                {
                    throw new InvalidOperationException($"{found} owns no prefix containing {new IPAddress(address)}");
                }

                Interlocked.Increment(ref lookups);
            }
        }, () => { })))];

        writer.Start();
        foreach (Thread reader in readers)
        {
            reader.Start();
        }

        writer.Join();
        foreach (Thread reader in readers)
        {
            reader.Join();
        }

        Assert.Null(failure);
        Assert.True(Interlocked.Read(ref lookups) >= 4000);

        void Guard(Action body, Action done)
        {
            try
            {
                body();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
            finally
            {
                done();
            }
        }
    }

    /// <summary>
    /// The trie's invariants: a child lies inside its parent's prefix, is longer, and hangs on the side of its first
    /// bit past the parent; an ownerless node is a real branch point (two children), so removals leave no debris.
    /// </summary>
    private static void AssertWellFormed(AllowedIpsNode<TestPeer>? node, int bits)
    {
        if (node is null)
        {
            return;
        }

        Assert.InRange(node.Length, 0, bits);
        Assert.Equal(node.Key, node.Key & node.Mask);
        Assert.True(node.Owner is not null || (node.Zero is not null && node.One is not null), "ownerless node without two children");
        foreach ((AllowedIpsNode<TestPeer>? child, bool side) in new[] { (node.Zero, false), (node.One, true) })
        {
            if (child is not null)
            {
                Assert.True(child.Length > node.Length);
                Assert.True(node.Contains(child.Key));
                Assert.Equal(side, AllowedIpsNode<TestPeer>.BitAt(child.Key, node.Length));
                AssertWellFormed(child, bits);
            }
        }
    }

    private static bool Contains(IPNetwork prefix, byte[] address) =>
        ReferenceRoutes.Matches(prefix.BaseAddress.GetAddressBytes(), address, prefix.PrefixLength);

    /// <summary>
    /// A random prefix drawn from a few clusters, so that random prefixes nest and share long stems (a uniform draw
    /// would almost never nest beyond the first bits).
    /// </summary>
    private static IPNetwork RandomPrefix(SplitMix64 random, bool v6)
    {
        byte[] bytes = RandomBytes(random, v6 ? 16 : 4);
        bytes[0] = (byte)(random.Next(0, 4) * 64); // four clusters
        bytes[1] = (byte)(random.Next(0, 3) == 0 ? bytes[1] : 7);
        int bits = bytes.Length * 8;
        int length = random.Next(0, 8) == 0 ? random.Next(0, 9) : random.Next(0, bits + 1);
        return new IPNetwork(new IPAddress(Masked(bytes, length)), length);
    }

    /// <summary>An address inside (or just beside) a random prefix of <paramref name="prefixes"/>.</summary>
    private static byte[] RandomAddressNear(SplitMix64 random, List<IPNetwork> prefixes)
    {
        IPNetwork prefix = prefixes[random.Next(0, prefixes.Count)];
        byte[] network = prefix.BaseAddress.GetAddressBytes();
        byte[] address = RandomBytes(random, network.Length);
        int keep = prefix.PrefixLength == 0 ? 0 : prefix.PrefixLength - random.Next(0, 2); // sometimes one bit less
        byte[] kept = Masked(network, keep);
        for (int i = 0; i < address.Length; i++)
        {
            int mask = MaskByte(keep, i);
            address[i] = (byte)((kept[i] & mask) | (address[i] & ~mask));
        }

        return address;
    }

    private static byte[] Masked(byte[] bytes, int length)
    {
        byte[] masked = new byte[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            masked[i] = (byte)(bytes[i] & MaskByte(length, i));
        }

        return masked;
    }

    /// <summary>The mask byte <paramref name="index"/> of a prefix of <paramref name="length"/> bits.</summary>
    private static int MaskByte(int length, int index) =>
        (0xFF00 >> Math.Clamp(length - (index * 8), 0, 8)) & 0xFF;

    private static byte[] RandomBytes(SplitMix64 random, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.NextUInt64();
        }

        return bytes;
    }
}
