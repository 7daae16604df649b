using System.Net;
using Dvpn.Provider.DataPlane;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// A VPN client in its own namespace: wireguard-go with one peer (the provider), its session addresses on the
/// interface, and default routes (both families) into the tunnel. The underlay is a veth to the provider's namespace.
/// </summary>
internal sealed class LabClient : IAsyncDisposable
{
    private readonly UapiWireGuardDevice _device;

    private LabClient(LabNamespace ns, UapiWireGuardDevice device, PrivateKey key, SessionAddresses addresses)
    {
        Namespace = ns;
        Addresses = addresses;
        _device = device;
        Key = key;
    }

    public LabNamespace Namespace { get; }

    public PrivateKey Key { get; }

    public SessionAddresses Addresses { get; }

    public PublicKey PublicKey => Key.PublicKey;

    public static async Task<LabClient> StartAsync(LabNamespace ns, string interfaceName, PrivateKey key, SessionAddresses addresses,
        PublicKey provider, IPEndPoint providerEndpoint)
    {
        UapiWireGuardBackend backend = new(new UapiBackendOptions { LaunchPrefix = ns.Exec });
        UapiWireGuardDevice device = await backend.CreateDeviceAsync(interfaceName);
        LabClient client = new(ns, device, key, addresses);
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
            await ns.IpAsync("link", "set", "dev", interfaceName, "mtu", "1420", "up");
            await ns.IpAsync("address", "add", addresses.IPv4 + "/32", "dev", interfaceName);
            await ns.IpAsync("route", "add", "default", "dev", interfaceName);
            if (addresses.IPv6 is { } ipv6)
            {
                await ns.IpAsync("address", "add", ipv6 + "/128", "dev", interfaceName, "nodad");
                await ns.IpAsync("-6", "route", "add", "default", "dev", interfaceName);
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
