namespace Dvpn.WireGuard.Userspace.Routing;

/// <summary>
/// One published state of an <see cref="AllowedIpsTable{T}"/>: both tries and the prefix count, swapped as a single
/// reference so a reader never sees the IPv4 trie of one write and the IPv6 trie of another.
/// </summary>
/// <param name="V4">The IPv4 trie (addresses in the top 32 bits), or null when empty.</param>
/// <param name="V6">The IPv6 trie, or null when empty.</param>
/// <param name="Count">How many prefixes both tries hold.</param>
/// <typeparam name="T">The peer owning a prefix.</typeparam>
internal sealed record AllowedIpsSnapshot<T>(AllowedIpsNode<T>? V4, AllowedIpsNode<T>? V6, int Count)
    where T : class
{
    /// <summary>The empty table.</summary>
    public static AllowedIpsSnapshot<T> Empty { get; } = new(null, null, 0);
}
