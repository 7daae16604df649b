using System.Net;
using Dvpn.Provider.DataPlane;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A VPN client in its own lab host: wireguard-go with one peer (the provider), its session addresses on the
/// interface, and default routes (both families) into the tunnel. The underlay is a veth to the provider's host.
/// </summary>
internal sealed class LabClient : IAsyncDisposable
{
    private readonly UapiWireGuardDevice _device;

    private LabClient(NetworkHost host, UapiWireGuardDevice device, PrivateKey key, SessionAddresses addresses)
    {
        Host = host;
        Addresses = addresses;
        _device = device;
        Key = key;
    }

    public NetworkHost Host { get; }

    public PrivateKey Key { get; }

    public SessionAddresses Addresses { get; }

    public PublicKey PublicKey => Key.PublicKey;

    public static async Task<LabClient> StartAsync(NetworkHost host, string interfaceName, PrivateKey key, SessionAddresses addresses,
        PublicKey provider, IPEndPoint providerEndpoint)
    {
        UapiWireGuardBackend backend = new(new UapiBackendOptions { LaunchPrefix = host.ExecPrefix });
        UapiWireGuardDevice device = await backend.CreateDeviceAsync(interfaceName);
        LabClient client = new(host, device, key, addresses);
        try
        {
            await device.ApplyAsync(new InterfaceConfig
            {
                PrivateKey = key,
                ListenPort = 0,
                Peers =
                [
                    new PeerConfig
                    {
                        PublicKey = provider,
                        Endpoint = providerEndpoint,
                        AllowedIPs = [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")],
                    },
                ],
            });
            await host.IpAsync(["link", "set", "dev", interfaceName, "mtu", "1420", "up"]);
            await host.AddAddressAsync(interfaceName, new InterfaceAddress(addresses.IPv4, 32));
            await host.AddRouteAsync(IPNetwork.Parse("0.0.0.0/0"), interfaceName);
            if (addresses.IPv6 is { } ipv6)
            {
                await host.AddAddressAsync(interfaceName, new InterfaceAddress(ipv6, 128));
                await host.AddRouteAsync(IPNetwork.Parse("::/0"), interfaceName);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync();
        Key.Dispose();
    }
}
