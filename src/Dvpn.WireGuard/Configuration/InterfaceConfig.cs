namespace Dvpn.WireGuard.Configuration;

/// <summary>
/// A WireGuard interface configuration to apply. Null fields are left unchanged on the device. The private and
/// preshared keys are referenced, not copied: the caller owns and disposes them.
/// </summary>
public sealed class InterfaceConfig
{
    /// <summary>The interface's private key; null leaves it unchanged.</summary>
    public PrivateKey? PrivateKey { get; init; }

    /// <summary>The UDP listen port (0: pick a free one); null leaves it unchanged.</summary>
    public ushort? ListenPort { get; init; }

    /// <summary>The fwmark for outgoing packets (0: none); null leaves it unchanged.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>When true the device's peers become exactly <see cref="Peers"/>; when false (default) each peer in
    /// <see cref="Peers"/> is added, updated or removed and the others stay.</summary>
    public bool ReplacePeers { get; init; }

    /// <summary>The peers to set. Default empty.</summary>
    public IReadOnlyList<PeerConfig> Peers { get; init; } = [];
}
