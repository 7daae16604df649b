using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Dvpn.WireGuard.Configuration;

/// <summary>
/// A wg-quick <c>.conf</c> file: the wg(8) settings plus wg-quick's own (Address, DNS, MTU, Table, hooks,
/// SaveConfig). Hooks are kept as text and never run. The keys it holds are owned by it: dispose it to wipe them.
/// </summary>
public sealed class WgQuickConfig : IDisposable
{
    /// <summary>[Interface] PrivateKey; null when absent.</summary>
    public PrivateKey? PrivateKey { get; init; }

    /// <summary>[Interface] ListenPort; null when absent.</summary>
    public ushort? ListenPort { get; init; }

    /// <summary>[Interface] FwMark (0 for "off"); null when absent.</summary>
    public uint? FirewallMark { get; init; }

    /// <summary>[Interface] Address: the interface's addresses. Default empty.</summary>
    public IReadOnlyList<InterfaceAddress> Addresses { get; init; } = [];

    /// <summary>[Interface] DNS entries that are IP addresses: the resolvers. Default empty.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; init; } = [];

    /// <summary>[Interface] DNS entries that are not IP addresses: search domains. Default empty.</summary>
    public IReadOnlyList<string> DnsSearchDomains { get; init; } = [];

    /// <summary>[Interface] MTU; null when absent (wg-quick then picks one).</summary>
    public int? Mtu { get; init; }

    /// <summary>[Interface] Table as written (<c>off</c>, <c>auto</c>, a number or a name); null when absent.</summary>
    public string? Table { get; init; }

    /// <summary>[Interface] PreUp commands, in order. Never executed by this library.</summary>
    public IReadOnlyList<string> PreUp { get; init; } = [];

    /// <summary>[Interface] PostUp commands, in order. Never executed by this library.</summary>
    public IReadOnlyList<string> PostUp { get; init; } = [];

    /// <summary>[Interface] PreDown commands, in order. Never executed by this library.</summary>
    public IReadOnlyList<string> PreDown { get; init; } = [];

    /// <summary>[Interface] PostDown commands, in order. Never executed by this library.</summary>
    public IReadOnlyList<string> PostDown { get; init; } = [];

    /// <summary>[Interface] SaveConfig. Default false.</summary>
    public bool SaveConfig { get; init; }

    /// <summary>The [Peer] sections, in order. Default empty.</summary>
    public IReadOnlyList<WgQuickPeer> Peers { get; init; } = [];

    /// <summary>Reads a wg-quick file. Keys are case-insensitive; <c>#</c> starts a comment.</summary>
    /// <exception cref="WgQuickFormatException">The text is not a valid file; the message names the line.</exception>
    public static WgQuickConfig Parse(string text) =>
        WgQuickParser.TryParse(text, out WgQuickConfig? config, out string? error, out int line)
            ? config
            : throw new WgQuickFormatException(error, line);

    /// <summary>Reads a wg-quick file; false (and no exception) when it is not valid.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WgQuickConfig? config) =>
        WgQuickParser.TryParse(text, out config, out _, out _);

    /// <summary>The file's text. It contains the private and preshared keys: handle it as the secret it is.</summary>
    public string ToText() => WgQuickWriter.Write(this);

    /// <summary>
    /// The wg(8) part as a full configuration to apply (<see cref="InterfaceConfig.ReplacePeers"/> set). The keys are
    /// referenced, not copied: keep this object alive (undisposed) while the result is used.
    /// </summary>
    /// <exception cref="InvalidOperationException">An endpoint is a host name: resolve it first.</exception>
    public InterfaceConfig ToInterfaceConfig()
    {
        List<PeerConfig> peers = new(Peers.Count);
        foreach (WgQuickPeer peer in Peers)
        {
            IPEndPoint? endpoint = null;
            if (peer.Endpoint is not null && !peer.TryGetIPEndPoint(out endpoint))
            {
                throw new InvalidOperationException($"the endpoint of peer {peer.PublicKey} is a host name: resolve it first");
            }

            peers.Add(new PeerConfig
            {
                PublicKey = peer.PublicKey,
                PresharedKey = peer.PresharedKey,
                Endpoint = endpoint,
                AllowedIPs = peer.AllowedIPs,
                PersistentKeepalive = peer.PersistentKeepalive,
            });
        }

        return new InterfaceConfig
        {
            PrivateKey = PrivateKey,
            ListenPort = ListenPort,
            FirewallMark = FirewallMark,
            ReplacePeers = true,
            Peers = peers,
        };
    }

    /// <summary>Wipes the private key and every preshared key.</summary>
    public void Dispose()
    {
        PrivateKey?.Dispose();
        foreach (WgQuickPeer peer in Peers)
        {
            peer.PresharedKey?.Dispose();
        }
    }

    /// <summary>A summary without any key material.</summary>
    public override string ToString() =>
        $"WgQuickConfig(public key {PrivateKey?.PublicKey.ToString() ?? "none"}, {Addresses.Count} addresses, {Peers.Count} peers)";
}
