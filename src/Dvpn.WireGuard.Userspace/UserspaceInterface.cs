using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Device;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Linux;
using Dvpn.WireGuard.Userspace.Uapi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Userspace;

/// <summary>
/// A WireGuard interface run by our managed engine: a TUN device, a UDP socket and the UAPI socket that <c>wg</c>
/// and Dvpn.WireGuard's UAPI backend configure it through, in this process. It also gives the provider what an
/// external implementation cannot: exact per-peer counters and a forwarding switch that acts on the next packet.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UserspaceInterface : IAsyncDisposable
{
    private readonly WireGuardDevice _device;
    private readonly UapiServer? _uapi;

    private UserspaceInterface(WireGuardDevice device, UapiServer? uapi)
    {
        _device = device;
        _uapi = uapi;
    }

    /// <summary>The engine itself, for tests that check its sessions.</summary>
    internal WireGuardDevice Device => _device;

    /// <summary>The interface name.</summary>
    public string Name => _device.Name;

    /// <summary>The UAPI socket's path, or null when not served.</summary>
    public string? UapiSocketPath => _uapi?.SocketPath;

    /// <summary>The UDP port in use.</summary>
    public int ListenPort => _device.ListenPort;

    /// <summary>Completes when the interface stops on its own: deleted by someone (<c>ip link del</c>), or failed (faulted with the cause).</summary>
    public Task Completion => _device.Closed;

    /// <summary>
    /// Creates the TUN device <paramref name="name"/> and starts the engine and its UAPI socket. Needs CAP_NET_ADMIN.
    /// </summary>
    /// <exception cref="IOException">The TUN device or the UDP socket cannot be created.</exception>
    public static UserspaceInterface Start(string name, UserspaceInterfaceOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        options ??= new UserspaceInterfaceOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        UapiServer.ValidateName(name);
        TunDevice tun = TunDevice.Create(name, options.Mtu, options.NetworkNamespace, options.Offloads);
        WireGuardDevice? device = null;
        UapiServer? uapi = null;
        try
        {
            string? ns = options.NetworkNamespace;
            ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveBatchSize, 1);
            device = new WireGuardDevice(tun, port => UdpTransport.Bind(port, ns), timeProvider, loggerFactory.CreateLogger("Dvpn.WireGuard.Userspace.Device"))
            {
                ReceiveBatchSize = Math.Min(options.ReceiveBatchSize, 256),
                CoalesceSends = options.CoalesceSends,
            };
            if (options.ServeUapi)
            {
                uapi = new UapiServer(name, device, loggerFactory.CreateLogger("Dvpn.WireGuard.Userspace.Uapi"),
                    new UapiServerOptions { SocketDirectory = options.SocketDirectory });
                uapi.Start();
            }

            device.Start();
            return new UserspaceInterface(device, uapi);
        }
        catch
        {
            if (uapi is not null)
            {
                uapi.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            if (device is not null)
            {
                device.Dispose();
            }
            else
            {
                tun.Dispose();
            }

            throw;
        }
    }

    /// <summary>A peer's counters, or null when no peer has this public key.</summary>
    public PeerTraffic? GetPeerTraffic(ReadOnlySpan<byte> publicKey)
    {
        Peer? peer = _device.FindPeer(publicKey);
        return peer is null
            ? null
            : new PeerTraffic(peer.ReceivedBytes, peer.TransmittedBytes, peer.ReceivedPacketBytes, peer.ForwardedPacketBytes, peer.LastHandshake, peer.Forwarding);
    }

    /// <summary>
    /// Turns forwarding of a peer's packets off or on, from the next packet in either direction; the session and its
    /// keepalives go on. False when no peer has this public key.
    /// </summary>
    public bool SetForwarding(ReadOnlySpan<byte> publicKey, bool forwarding)
    {
        Peer? peer = _device.FindPeer(publicKey);
        if (peer is null)
        {
            return false;
        }

        peer.Forwarding = forwarding;
        return true;
    }

    /// <summary>Stops serving UAPI, stops the engine, deletes the TUN device (closing it) and zeroes every key.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_uapi is not null)
        {
            await _uapi.DisposeAsync().ConfigureAwait(false);
        }

        _device.Dispose();
    }
}
