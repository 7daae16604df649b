using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Userspace.Routing;

/// <summary>
/// Cryptokey routing (whitepaper §2): the allowed IPs of every peer, answering which peer a packet is sent to (its
/// destination) and which peer may have sent a packet (its source), by longest-prefix match.
/// </summary>
/// <remarks>
/// Lookups run on data threads without a lock and without allocating, in at most one trie step per prefix bit.
/// Writes (configuration) are serialized by a lock, build new paths beside the published tries and publish them with
/// one <see cref="Volatile.Write{T}(ref T, T)"/> of an immutable <see cref="AllowedIpsSnapshot{T}"/>: a reader sees
/// the table either before or after a write, never in between.
/// </remarks>
/// <typeparam name="T">The peer owning a prefix, compared by reference.</typeparam>
internal sealed class AllowedIpsTable<T>
    where T : class
{
    /// <summary>Bits of an IPv4 address.</summary>
    private const int V4Bits = 32;

    /// <summary>Bits of an IPv6 address.</summary>
    private const int V6Bits = 128;

    /// <summary>Shortest IPv4 header (no options); the source address is at 12, the destination at 16.</summary>
    private const int V4HeaderSize = 20;

    private const int V4SourceOffset = 12;
    private const int V4DestinationOffset = 16;

    /// <summary>The fixed IPv6 header; the source address is at 8, the destination at 24.</summary>
    private const int V6HeaderSize = 40;

    private const int V6SourceOffset = 8;
    private const int V6DestinationOffset = 24;

    private readonly Lock _writeLock = new();
    private AllowedIpsSnapshot<T> _snapshot = AllowedIpsSnapshot<T>.Empty;

    /// <summary>The state published last: an immutable view that later writes leave untouched (diagnostics, tests).</summary>
    public AllowedIpsSnapshot<T> Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>How many prefixes the table holds (both families).</summary>
    public int Count => Volatile.Read(ref _snapshot).Count;

    /// <summary>
    /// Gives <paramref name="prefix"/> (host bits masked) to <paramref name="owner"/>; a prefix already held by
    /// another peer moves to <paramref name="owner"/>, as in WireGuard.
    /// </summary>
    public void Insert(IPNetwork prefix, T owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        (UInt128 key, int length, bool v6) = ToKey(prefix);
        lock (_writeLock)
        {
            AllowedIpsSnapshot<T> old = _snapshot;
            bool added;
            AllowedIpsSnapshot<T> next = v6
                ? old with { V6 = AllowedIpsTrie.Insert(old.V6, key, length, owner, out added) }
                : old with { V4 = AllowedIpsTrie.Insert(old.V4, key, length, owner, out added) };
            Volatile.Write(ref _snapshot, added ? next with { Count = old.Count + 1 } : next);
        }
    }

    /// <summary>Removes <paramref name="prefix"/> (host bits masked) if <paramref name="owner"/> holds it.</summary>
    /// <returns>True when it was removed.</returns>
    public bool Remove(IPNetwork prefix, T owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        (UInt128 key, int length, bool v6) = ToKey(prefix);
        lock (_writeLock)
        {
            AllowedIpsSnapshot<T> old = _snapshot;
            bool removed;
            AllowedIpsSnapshot<T> next = v6
                ? old with { V6 = AllowedIpsTrie.Remove(old.V6, key, length, owner, out removed) }
                : old with { V4 = AllowedIpsTrie.Remove(old.V4, key, length, owner, out removed) };
            if (removed)
            {
                Volatile.Write(ref _snapshot, next with { Count = old.Count - 1 });
            }

            return removed;
        }
    }

    /// <summary>Removes every prefix <paramref name="owner"/> holds (a peer leaving the configuration).</summary>
    public void RemoveAll(T owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_writeLock)
        {
            // Rebuild both tries from what remains: writes are rare, and this keeps one publication for the lot.
            AllowedIpsSnapshot<T> old = _snapshot;
            AllowedIpsNode<T>? v4 = Rebuild(old.V4, owner, out int keptV4);
            AllowedIpsNode<T>? v6 = Rebuild(old.V6, owner, out int keptV6);
            if (keptV4 + keptV6 != old.Count)
            {
                Volatile.Write(ref _snapshot, new AllowedIpsSnapshot<T>(v4, v6, keptV4 + keptV6));
            }
        }
    }

    /// <summary>Empties the table.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _snapshot, AllowedIpsSnapshot<T>.Empty);
        }
    }

    /// <summary>The prefixes <paramref name="owner"/> holds: IPv4 first, then IPv6, each ascending by address then length.</summary>
    public IReadOnlyList<IPNetwork> GetPrefixes(T owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        AllowedIpsSnapshot<T> snapshot = Volatile.Read(ref _snapshot);
        var prefixes = new List<IPNetwork>();
        AllowedIpsTrie.Walk(snapshot.V4, node => AddIfOwned(node, owner, v6: false, prefixes));
        AllowedIpsTrie.Walk(snapshot.V6, node => AddIfOwned(node, owner, v6: true, prefixes));
        return prefixes;
    }

    /// <summary>
    /// The peer owning the longest prefix containing <paramref name="address"/> (4 bytes: IPv4, 16: IPv6, network
    /// order), or null when none does or the length is neither.
    /// </summary>
    public T? Lookup(ReadOnlySpan<byte> address)
    {
        AllowedIpsSnapshot<T> snapshot = Volatile.Read(ref _snapshot);
        return address.Length switch
        {
            4 => Find(snapshot.V4, ReadV4(address)),
            16 => Find(snapshot.V6, ReadV6(address)),
            _ => null,
        };
    }

    /// <summary>The peer an outgoing IP packet goes to (by its destination address), or null. Never throws.</summary>
    public T? LookupDestination(ReadOnlySpan<byte> ipPacket) => LookupPacket(ipPacket, V4DestinationOffset, V6DestinationOffset);

    /// <summary>
    /// The peer allowed to have sent an incoming IP packet (by its source address), or null. Never throws.
    /// </summary>
    public T? LookupSource(ReadOnlySpan<byte> ipPacket) => LookupPacket(ipPacket, V4SourceOffset, V6SourceOffset);

    private T? LookupPacket(ReadOnlySpan<byte> ipPacket, int v4Offset, int v6Offset)
    {
        if (ipPacket.IsEmpty)
        {
            return null;
        }

        AllowedIpsSnapshot<T> snapshot = Volatile.Read(ref _snapshot);
        return (ipPacket[0] >> 4) switch
        {
            4 when ipPacket.Length >= V4HeaderSize => Find(snapshot.V4, ReadV4(ipPacket[v4Offset..])),
            6 when ipPacket.Length >= V6HeaderSize => Find(snapshot.V6, ReadV6(ipPacket[v6Offset..])),
            _ => null,
        };
    }

    /// <summary>Longest-prefix match: the owner of the deepest owned node on the address's path.</summary>
    private static T? Find(AllowedIpsNode<T>? node, UInt128 address)
    {
        T? best = null;
        while (node is not null && node.Contains(address))
        {
            if (node.Owner is not null)
            {
                best = node.Owner;
            }

            if (node.Length == V6Bits)
            {
                break;
            }

            node = node.ChildFor(address);
        }

        return best;
    }

    private static UInt128 ReadV4(ReadOnlySpan<byte> address) =>
        (UInt128)BinaryPrimitives.ReadUInt32BigEndian(address) << (V6Bits - V4Bits);

    private static UInt128 ReadV6(ReadOnlySpan<byte> address) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[sizeof(ulong)..]));

    /// <summary>A prefix as a left-aligned key, its length and its family; throws on a prefix that is not IP.</summary>
    /// <remarks>
    /// <see cref="IPNetwork"/> already refuses host bits, and <c>default(IPNetwork)</c> reads as 0.0.0.0/0; the nodes
    /// mask the key again anyway, so the trie's invariant does not rest on the caller's type.
    /// </remarks>
    private static (UInt128 Key, int Length, bool V6) ToKey(IPNetwork prefix)
    {
        IPAddress address = prefix.BaseAddress;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("The prefix's address could not be read.", nameof(prefix));
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork when written == 4 && prefix.PrefixLength is >= 0 and <= V4Bits =>
                (ReadV4(bytes), prefix.PrefixLength, false),
            AddressFamily.InterNetworkV6 when written == 16 && prefix.PrefixLength is >= 0 and <= V6Bits =>
                (ReadV6(bytes), prefix.PrefixLength, true),
            _ => throw new ArgumentException("Only IPv4 and IPv6 prefixes route.", nameof(prefix)),
        };
    }

    private static IPNetwork ToPrefix(AllowedIpsNode<T> node, bool v6)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)(node.Key >> 64));
        BinaryPrimitives.WriteUInt64BigEndian(bytes[sizeof(ulong)..], (ulong)node.Key);
        return new IPNetwork(new IPAddress(v6 ? bytes : bytes[..4]), node.Length);
    }

    private static void AddIfOwned(AllowedIpsNode<T> node, T owner, bool v6, List<IPNetwork> prefixes)
    {
        if (ReferenceEquals(node.Owner, owner))
        {
            prefixes.Add(ToPrefix(node, v6));
        }
    }

    /// <summary>A trie of every prefix of <paramref name="root"/> not owned by <paramref name="owner"/>.</summary>
    private static AllowedIpsNode<T>? Rebuild(AllowedIpsNode<T>? root, T owner, out int kept)
    {
        AllowedIpsNode<T>? rebuilt = null;
        int count = 0;
        AllowedIpsTrie.Walk(root, node =>
        {
            if (!ReferenceEquals(node.Owner, owner))
            {
                rebuilt = AllowedIpsTrie.Insert(rebuilt, node.Key, node.Length, node.Owner!, out _);
                count++;
            }
        });
        kept = count;
        return rebuilt;
    }
}
