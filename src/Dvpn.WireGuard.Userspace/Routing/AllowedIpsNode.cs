namespace Dvpn.WireGuard.Userspace.Routing;

/// <summary>
/// One immutable node of a path-compressed binary trie of prefixes. Addresses are left-aligned in a
/// <see cref="UInt128"/> (an IPv4 address fills the top 32 bits), so one trie shape serves both families.
/// </summary>
/// <remarks>
/// Nodes are never changed after they are published: writers copy the path from the root to the change, and readers
/// walking an old root keep seeing a complete, consistent trie. A node without an owner is a branch point only and
/// always has two children (a branch with fewer is collapsed on removal).
/// </remarks>
/// <typeparam name="T">The peer owning a prefix.</typeparam>
internal sealed class AllowedIpsNode<T>
    where T : class
{
    /// <summary>Creates a node for <paramref name="key"/>/<paramref name="length"/> (host bits are masked here).</summary>
    public AllowedIpsNode(UInt128 key, int length, T? owner, AllowedIpsNode<T>? zero, AllowedIpsNode<T>? one)
    {
        Mask = MaskOf(length);
        Key = key & Mask;
        Length = length;
        Owner = owner;
        Zero = zero;
        One = one;
    }

    /// <summary>The prefix's network bits, left-aligned; host bits are zero.</summary>
    public UInt128 Key { get; }

    /// <summary><see cref="Length"/> leading one bits: an address matches when <c>(address ^ Key) &amp; Mask</c> is 0.</summary>
    public UInt128 Mask { get; }

    /// <summary>The prefix length (CIDR) in bits.</summary>
    public int Length { get; }

    /// <summary>The peer owning this prefix, or null for a pure branch point.</summary>
    public T? Owner { get; }

    /// <summary>The subtrie whose bit just after <see cref="Length"/> is 0.</summary>
    public AllowedIpsNode<T>? Zero { get; }

    /// <summary>The subtrie whose bit just after <see cref="Length"/> is 1.</summary>
    public AllowedIpsNode<T>? One { get; }

    /// <summary>True when <paramref name="address"/> lies inside this node's prefix.</summary>
    public bool Contains(UInt128 address) => ((address ^ Key) & Mask) == UInt128.Zero;

    /// <summary>The child an address inside this prefix continues to (callers ensure <see cref="Length"/> &lt; 128).</summary>
    public AllowedIpsNode<T>? ChildFor(UInt128 address) => BitAt(address, Length) ? One : Zero;

    /// <summary>A copy with another owner.</summary>
    public AllowedIpsNode<T> WithOwner(T? owner) => new(Key, Length, owner, Zero, One);

    /// <summary>A copy where the child on <paramref name="address"/>'s side is replaced.</summary>
    public AllowedIpsNode<T> WithChild(UInt128 address, AllowedIpsNode<T>? child) =>
        BitAt(address, Length) ? new(Key, Length, Owner, Zero, child) : new(Key, Length, Owner, child, One);

    /// <summary>Bit <paramref name="index"/> of a left-aligned address, counted from the most significant (0).</summary>
    public static bool BitAt(UInt128 address, int index) => ((address >> (127 - index)) & UInt128.One) != UInt128.Zero;

    /// <summary><paramref name="length"/> leading one bits (0 to 128).</summary>
    public static UInt128 MaskOf(int length) => length == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - length);
}
