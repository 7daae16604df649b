namespace Dvpn.WireGuard.Userspace.Tests.Routing;

/// <summary>A stand-in for a peer owning allowed IPs; compared by reference like the real one.</summary>
internal sealed class TestPeer(string name)
{
    /// <summary>The name test cases refer to it by.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
