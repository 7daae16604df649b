using System.Net;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Tests.Integration;

/// <summary>
/// Two hosts joined by a veth (the "internet": 10.10.0.0/24), each running wireguard-go configured only through
/// our UAPI backend, with keys from our key types, interfaces addressed (10.20.0.0/24) and brought up through
/// rtnetlink. Nothing is sent yet: the first packet through the tunnel starts the handshake.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WireGuardPair : IAsyncDisposable
{
    public const ushort ListenPort = 51820;
    private const int TunnelPrefixLength = 24;

    private WireGuardPair(NetworkLab lab, TunnelEnd alice, TunnelEnd bob)
    {
        Lab = lab;
        Alice = alice;
        Bob = bob;
    }

    public NetworkLab Lab { get; }

    public TunnelEnd Alice { get; }

    public TunnelEnd Bob { get; }

    /// <summary>Builds the pair.</summary>
    /// <param name="bobKeyAtAlice">The public key Alice is told Bob has; Bob's real one when null.</param>
    /// <param name="cancellationToken">Cancels the setup.</param>
    public static async Task<WireGuardPair> CreateAsync(PublicKey? bobKeyAtAlice = null, CancellationToken cancellationToken = default)
    {
        NetworkLab lab = await NetworkLab.CreateAsync(cancellationToken);
        var ends = new List<TunnelEnd>();
        try
        {
            NetworkHost aliceHost = await lab.AddHostAsync("alice", cancellationToken);
            NetworkHost bobHost = await lab.AddHostAsync("bob", cancellationToken);
            (HostInterface aliceLink, HostInterface bobLink) = await lab.ConnectAsync(aliceHost, "10.10.0.1/24", bobHost, "10.10.0.2/24", cancellationToken);

            TunnelEnd alice = await TunnelEnd.StartAsync(lab, aliceHost, aliceLink.Address!.Value.Address, IPAddress.Parse("10.20.0.1"), cancellationToken);
            ends.Add(alice);
            TunnelEnd bob = await TunnelEnd.StartAsync(lab, bobHost, bobLink.Address!.Value.Address, IPAddress.Parse("10.20.0.2"), cancellationToken);
            ends.Add(bob);

            await ConfigureAsync(alice, bob, bobKeyAtAlice ?? bob.Key.PublicKey, cancellationToken);
            await ConfigureAsync(bob, alice, alice.Key.PublicKey, cancellationToken);
            return new WireGuardPair(lab, alice, bob);
        }
        catch
        {
            foreach (TunnelEnd end in ends)
            {
                await end.DisposeAsync();
            }

            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops wireguard-go through the backend, then removes the namespaces (and anything left in them).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Alice.DisposeAsync();
            await Bob.DisposeAsync();
        }
        finally
        {
            await Lab.DisposeAsync();
        }
    }

    private static async Task ConfigureAsync(TunnelEnd self, TunnelEnd peer, PublicKey peerKey, CancellationToken cancellationToken)
    {
        await self.Device.ApplyAsync(
            new InterfaceConfig
            {
                PrivateKey = self.Key,
                ListenPort = ListenPort,
                ReplacePeers = true,
                Peers =
                [
                    new PeerConfig
                    {
                        PublicKey = peerKey,
                        Endpoint = new IPEndPoint(peer.UnderlayAddress, ListenPort),
                        AllowedIPs = [new IPNetwork(peer.TunnelAddress, 32)],
                    },
                ],
            },
            cancellationToken);
        await self.Links.AddAddressAsync(self.Device.Name, new InterfaceAddress(self.TunnelAddress, TunnelPrefixLength), cancellationToken);
        await self.Device.SetUpAsync(true, cancellationToken);
    }
}
