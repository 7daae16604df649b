using System.Net;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// Two fresh network namespaces (server and client, unique names) joined by a veth pair created directly inside them,
/// 10.77.0.1/24 on the server's end and 10.77.0.2/24 on the client's. Deleting the namespaces removes everything.
/// </summary>
internal sealed class Underlay : IDisposable
{
    public const string Veth = "veth0";

    /// <summary>The UDP port of both WireGuard interfaces (one per namespace, so they never clash).</summary>
    public const ushort WireGuardPort = 51820;
    public static readonly IPAddress ServerAddress = IPAddress.Parse("10.77.0.1");
    public static readonly IPAddress ClientAddress = IPAddress.Parse("10.77.0.2");

    /// <summary>The address the client roams to (<see cref="RoamClient"/>).</summary>
    public static readonly IPAddress RoamedClientAddress = IPAddress.Parse("10.77.0.3");

    private readonly List<string> _created = [];

    private Underlay(string tag)
    {
        Tag = tag;
        ServerNamespace = $"dio-{tag}-s";
        ClientNamespace = $"dio-{tag}-c";
    }

    /// <summary>Random hex shared by every name this topology makes.</summary>
    public string Tag { get; }

    public string ServerNamespace { get; }

    public string ClientNamespace { get; }

    public static Underlay Create()
    {
        var underlay = new Underlay(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        try
        {
            foreach (string ns in (string[])[underlay.ServerNamespace, underlay.ClientNamespace])
            {
                Tool.Run("ip", ["netns", "add", ns]);
                underlay._created.Add(ns);
                Tool.IpIn(ns, "link", "set", "lo", "up");
            }

            Tool.IpIn(underlay.ServerNamespace, "link", "add", Veth, "type", "veth", "peer", "name", Veth, "netns", underlay.ClientNamespace);
            Tool.IpIn(underlay.ServerNamespace, "addr", "add", $"{ServerAddress}/24", "dev", Veth);
            Tool.IpIn(underlay.ClientNamespace, "addr", "add", $"{ClientAddress}/24", "dev", Veth);
            Tool.IpIn(underlay.ServerNamespace, "link", "set", Veth, "up");
            Tool.IpIn(underlay.ClientNamespace, "link", "set", Veth, "up");
            return underlay;
        }
        catch
        {
            underlay.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Moves the client to <see cref="RoamedClientAddress"/>: adds it, then deletes the old address. Promoting
    /// secondaries keeps the new address (same subnet, so a secondary) when the primary goes.
    /// </summary>
    public void RoamClient()
    {
        Tool.Run("ip", ["netns", "exec", ClientNamespace, "sysctl", "-qw", "net.ipv4.conf.all.promote_secondaries=1"]);
        Tool.IpIn(ClientNamespace, "addr", "add", $"{RoamedClientAddress}/24", "dev", Veth);
        Tool.IpIn(ClientNamespace, "addr", "del", $"{ClientAddress}/24", "dev", Veth);
    }

    public void Dispose()
    {
        foreach (string ns in _created)
        {
            _ = Tool.TryRun("ip", ["netns", "del", ns], out _, out _);
        }

        _created.Clear();
    }
}
