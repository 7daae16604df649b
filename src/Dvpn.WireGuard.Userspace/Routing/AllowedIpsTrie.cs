namespace Dvpn.WireGuard.Userspace.Routing;

/// <summary>
/// Persistent (path-copying) insert and remove on a trie of <see cref="AllowedIpsNode{T}"/>: each returns a new root
/// sharing every untouched subtrie with the old one, which stays valid for readers still walking it.
/// </summary>
internal static class AllowedIpsTrie
{
    /// <summary>
    /// The trie with <paramref name="key"/>/<paramref name="length"/> owned by <paramref name="owner"/>; an existing
    /// equal prefix changes owner. <paramref name="added"/> is false in that case.
    /// </summary>
    public static AllowedIpsNode<T> Insert<T>(AllowedIpsNode<T>? node, UInt128 key, int length, T owner, out bool added)
        where T : class
    {
        if (node is null)
        {
            added = true;
            return new AllowedIpsNode<T>(key, length, owner, null, null);
        }

        int common = Math.Min(CommonLength(node.Key, key), Math.Min(node.Length, length));
        if (common == node.Length && common == length)
        {
            added = node.Owner is null; // a bare branch point becomes a prefix
            return node.WithOwner(owner);
        }

        if (common == node.Length)
        {
            // The new prefix lies below this node: descend on its side.
            return node.WithChild(key, Insert(node.ChildFor(key), key, length, owner, out added));
        }

        added = true;
        if (common == length)
        {
            // The new prefix covers this node: it becomes the parent.
            var parent = new AllowedIpsNode<T>(key, length, owner, null, null);
            return parent.WithChild(node.Key, node);
        }

        // The two diverge at bit `common`: a branch point without owner holds both.
        var leaf = new AllowedIpsNode<T>(key, length, owner, null, null);
        return AllowedIpsNode<T>.BitAt(key, common)
            ? new AllowedIpsNode<T>(key, common, null, node, leaf)
            : new AllowedIpsNode<T>(key, common, null, leaf, node);
    }

    /// <summary>
    /// The trie without <paramref name="key"/>/<paramref name="length"/> if <paramref name="owner"/> owns it
    /// (<paramref name="removed"/> true); otherwise <paramref name="node"/> itself.
    /// </summary>
    public static AllowedIpsNode<T>? Remove<T>(AllowedIpsNode<T>? node, UInt128 key, int length, T owner, out bool removed)
        where T : class
    {
        removed = false;
        if (node is null || node.Length > length || !node.Contains(key))
        {
            return node;
        }

        if (node.Length == length)
        {
            if (!ReferenceEquals(node.Owner, owner))
            {
                return node;
            }

            removed = true;
            return Collapse(node.Key, node.Length, null, node.Zero, node.One);
        }

        AllowedIpsNode<T>? child = node.ChildFor(key);
        AllowedIpsNode<T>? newChild = Remove(child, key, length, owner, out removed);
        if (!removed)
        {
            return node;
        }

        return AllowedIpsNode<T>.BitAt(key, node.Length)
            ? Collapse(node.Key, node.Length, node.Owner, node.Zero, newChild)
            : Collapse(node.Key, node.Length, node.Owner, newChild, node.One);
    }

    /// <summary>Calls <paramref name="visit"/> for every prefix in ascending order (address, then length).</summary>
    public static void Walk<T>(AllowedIpsNode<T>? node, Action<AllowedIpsNode<T>> visit)
        where T : class
    {
        // Pre-order: a node's key is the lowest address of its subtrie, and it is shorter than any child with the
        // same address; the zero side holds lower addresses than the one side.
        if (node is null)
        {
            return;
        }

        if (node.Owner is not null)
        {
            visit(node);
        }

        Walk(node.Zero, visit);
        Walk(node.One, visit);
    }

    /// <summary>A node, or fewer: an ownerless node with one child or none is not kept.</summary>
    private static AllowedIpsNode<T>? Collapse<T>(UInt128 key, int length, T? owner, AllowedIpsNode<T>? zero, AllowedIpsNode<T>? one)
        where T : class
    {
        if (owner is null && (zero is null || one is null))
        {
            return zero ?? one;
        }

        return new AllowedIpsNode<T>(key, length, owner, zero, one);
    }

    /// <summary>How many leading bits two left-aligned addresses share (128 when equal).</summary>
    private static int CommonLength(UInt128 a, UInt128 b) => (int)UInt128.LeadingZeroCount(a ^ b);
}
