using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Integration;

/// <summary>
/// One side of a <see cref="WireGuardPair"/>: a host, its wireguard-go interface (created and driven only through
/// <see cref="UapiWireGuardBackend"/>), the rtnetlink control of its namespace, and its private key.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TunnelEnd : IAsyncDisposable
{
    private TunnelEnd(NetworkHost host, PrivateKey key, RtNetlinkInterfaceControl links, UapiWireGuardDevice device,
        IPAddress underlayAddress, IPAddress tunnelAddress)
    {
        Host = host;
        Key = key;
        Links = links;
        Device = device;
        UnderlayAddress = underlayAddress;
        TunnelAddress = tunnelAddress;
    }

    public NetworkHost Host { get; }

    public PrivateKey Key { get; }

    public RtNetlinkInterfaceControl Links { get; }

    public UapiWireGuardDevice Device { get; }

    /// <summary>The address on the veth the encrypted packets travel over.</summary>
    public IPAddress UnderlayAddress { get; }

    /// <summary>The address on the WireGuard interface.</summary>
    public IPAddress TunnelAddress { get; }

    /// <summary>
    /// Starts wireguard-go in <paramref name="host"/> through the UAPI backend (launched with the host's
    /// <c>ip netns exec</c> prefix) under a machine-unique interface name, with a fresh private key.
    /// </summary>
    public static async Task<TunnelEnd> StartAsync(
        NetworkLab lab, NetworkHost host, IPAddress underlayAddress, IPAddress tunnelAddress, CancellationToken cancellationToken)
    {
        RtNetlinkInterfaceControl links = RtNetlinkInterfaceControl.OpenInNamespace(host.Namespace);
        var backend = new UapiWireGuardBackend(new UapiBackendOptions { LaunchPrefix = host.ExecPrefix }, links);
        UapiWireGuardDevice? device = null;
        try
        {
            device = await backend.CreateDeviceAsync(lab.NewInterfaceName("wg"), cancellationToken);
            return new TunnelEnd(host, PrivateKey.Generate(), links, device, underlayAddress, tunnelAddress);
        }
        catch
        {
            if (device is not null)
            {
                await device.DisposeAsync();
            }

            links.Dispose();
            throw;
        }
    }

    /// <summary>The one peer this end has; fails the test when it has none or several.</summary>
    public async Task<PeerState> GetOnlyPeerAsync(CancellationToken cancellationToken = default)
    {
        DeviceState state = await Device.GetStateAsync(cancellationToken);
        return Assert.Single(state.Peers);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Device.DisposeAsync();
        }
        finally
        {
            Links.Dispose();
            Key.Dispose();
        }
    }
}
