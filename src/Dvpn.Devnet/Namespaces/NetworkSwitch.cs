namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// An Ethernet switch for more than two hosts: a Linux bridge (<c>br0</c>) alone in its own namespace, so that it
/// owns no addresses and no host sees another's traffic except through it. Attach hosts with
/// <see cref="NetworkLab.AttachAsync"/>.
/// </summary>
public sealed class NetworkSwitch
{
    internal const string BridgeName = "br0";

    private int _nextPort;

    internal NetworkSwitch(string name, string namespaceName)
    {
        Name = name;
        Namespace = namespaceName;
    }

    /// <summary>The name the test gave it.</summary>
    public string Name { get; }

    /// <summary>The namespace that holds the bridge.</summary>
    public string Namespace { get; }

    /// <summary>The name and namespace.</summary>
    public override string ToString() => $"{Name} ({Namespace})";

    internal string NextPortName() => $"port{Interlocked.Increment(ref _nextPort) - 1}";
}
