using System.Net;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// A server and a client WireGuard interface in two fresh namespaces over a veth (<see cref="Underlay"/>), tunnel
/// 10.78.0.1 (server) and 10.78.0.2 (client), both listening on <see cref="Port"/>. Only the client knows the other's
/// endpoint, so the client always initiates and the server learns where the client is from its packets.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class InteropTunnel : IAsyncDisposable
{
    public const ushort Port = Underlay.WireGuardPort;
    public static readonly IPAddress ServerTunnelAddress = IPAddress.Parse("10.78.0.1");
    public static readonly IPAddress ClientTunnelAddress = IPAddress.Parse("10.78.0.2");

    private InteropTunnel(Underlay underlay) => Underlay = underlay;

    public Underlay Underlay { get; }

    public TunnelEnd Server { get; private set; } = null!;

    public TunnelEnd Client { get; private set; } = null!;

    /// <summary>Builds the topology; <paramref name="ourTime"/> is the clock of an in-process end (default the system's).</summary>
    public static async Task<InteropTunnel> StartAsync(Implementation server, Implementation client, TimeProvider? ourTime = null)
    {
        var tunnel = new InteropTunnel(Underlay.Create());
        try
        {
            Underlay u = tunnel.Underlay;
            tunnel.Server = await StartEndAsync(server, u.ServerNamespace, $"dio{u.Tag}s", ServerTunnelAddress, Underlay.ServerAddress, ourTime);
            tunnel.Client = await StartEndAsync(client, u.ClientNamespace, $"dio{u.Tag}c", ClientTunnelAddress, Underlay.ClientAddress, ourTime);
            tunnel.Server.Configure(tunnel.Client, peerEndpoint: null);
            tunnel.Client.Configure(tunnel.Server, new IPEndPoint(Underlay.ServerAddress, Port));
            return tunnel;
        }
        catch
        {
            await tunnel.DisposeAsync();
            throw;
        }
    }

    /// <summary>The in-process end (the test chose one).</summary>
    public OurEnd Ours => Server as OurEnd ?? Client as OurEnd ?? throw new InvalidOperationException("no end runs in this process");

    /// <summary>The end that is not <see cref="Ours"/>.</summary>
    public TunnelEnd Other => ReferenceEquals(Server, Ours) ? Client : Server;

    public string Describe() => $"server: {Server?.Describe()}; client: {Client?.Describe()}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client is not null)
            {
                await Client.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                if (Server is not null)
                {
                    await Server.DisposeAsync();
                }
            }
            finally
            {
                Underlay.Dispose();
            }
        }
    }

    private static async Task<TunnelEnd> StartEndAsync(Implementation implementation, string ns, string name, IPAddress tunnel, IPAddress underlay, TimeProvider? ourTime) =>
        implementation switch
        {
            Implementation.Ours => new OurEnd(ns, name, tunnel, underlay, ourTime),
            Implementation.OursProcess => await ProcessEnd.StartAsync(ns, name, tunnel, underlay, DvpnWgBinary.Locate()),
            Implementation.WireGuardGo => await ProcessEnd.StartAsync(ns, name, tunnel, underlay, "wireguard-go"),
            _ => throw new ArgumentOutOfRangeException(nameof(implementation)),
        };
}
