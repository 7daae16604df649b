using System.Net;

namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>A brute-force model of cryptokey routing: a list of prefixes, every lookup scans all of them.</summary>
internal sealed class ReferenceRoutes
{
    private readonly Dictionary<(string Network, int Length), (byte[] Bytes, int Length, TestPeer Owner)> _routes = [];

    /// <summary>How many prefixes are held.</summary>
    public int Count => _routes.Count;

    /// <summary>Gives the prefix to <paramref name="owner"/>, replacing any previous owner.</summary>
    public void Insert(IPNetwork prefix, TestPeer owner) =>
        _routes[Key(prefix)] = (prefix.BaseAddress.GetAddressBytes(), prefix.PrefixLength, owner);

    /// <summary>Removes the prefix if <paramref name="owner"/> holds it.</summary>
    public bool Remove(IPNetwork prefix, TestPeer owner) =>
        _routes.TryGetValue(Key(prefix), out (byte[] Bytes, int Length, TestPeer Owner) route)
        && ReferenceEquals(route.Owner, owner)
        && _routes.Remove(Key(prefix));

    /// <summary>Removes all of <paramref name="owner"/>'s prefixes.</summary>
    public void RemoveAll(TestPeer owner)
    {
        foreach (var key in _routes.Where(r => ReferenceEquals(r.Value.Owner, owner)).Select(r => r.Key).ToList())
        {
            _routes.Remove(key);
        }
    }

    /// <summary>The owner's prefixes, IPv4 then IPv6, ascending by address bytes then length.</summary>
    public List<IPNetwork> GetPrefixes(TestPeer owner) =>
        [.. _routes.Where(r => ReferenceEquals(r.Value.Owner, owner))
            .OrderBy(r => r.Value.Bytes.Length)
            .ThenBy(r => Convert.ToHexString(r.Value.Bytes), StringComparer.Ordinal)
            .ThenBy(r => r.Value.Length)
            .Select(r => new IPNetwork(new IPAddress(r.Value.Bytes), r.Value.Length))];

    /// <summary>The owner of the longest matching prefix of the same family, by scanning every prefix.</summary>
    public TestPeer? Lookup(byte[] address)
    {
        TestPeer? best = null;
        int bestLength = -1;
        foreach ((byte[] bytes, int length, TestPeer owner) in _routes.Values)
        {
            if (bytes.Length == address.Length && length > bestLength && Matches(bytes, address, length))
            {
                best = owner;
                bestLength = length;
            }
        }

        return best;
    }

    /// <summary>True when the first <paramref name="length"/> bits of both addresses are equal.</summary>
    public static bool Matches(byte[] network, byte[] address, int length)
    {
        if (network.Length != address.Length)
        {
            return false;
        }

        for (int bit = 0; bit < length; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (address[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static (string, int) Key(IPNetwork prefix) => (prefix.BaseAddress.ToString(), prefix.PrefixLength);
}
