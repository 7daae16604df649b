using System.Runtime.Versioning;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Tests.Integration;

/// <summary>
/// Alice is configured with a public key for Bob that is not the one of Bob's private key. Her initiations fail
/// Bob's mac1 check (keyed with his real public key, whitepaper §5.4.4), and his initiations carry a static key she
/// does not know, so no handshake can complete in either direction.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UapiWrongKeyTests : IAsyncLifetime
{
    /// <summary>Long enough for several handshake attempts (wireguard-go sends one at once on the first packet).</summary>
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    private readonly PrivateKey _impostor = PrivateKey.Generate();
    private WireGuardPair? _pair;

    private TunnelEnd Alice => _pair!.Alice;

    private TunnelEnd Bob => _pair!.Bob;

    public async Task InitializeAsync() => _pair = await WireGuardPair.CreateAsync(bobKeyAtAlice: _impostor.PublicKey);

    public async Task DisposeAsync()
    {
        try
        {
            if (_pair is not null)
            {
                await _pair.DisposeAsync();
            }
        }
        finally
        {
            _impostor.Dispose();
        }
    }

    [Fact]
    public async Task PeerWithTheWrongPublicKey_NeverCompletesAHandshake_AndPassesNoTraffic()
    {
        Assert.False(await Alice.Host.PingAsync(Bob.TunnelAddress, PingTimeout), "alice reached bob");
        Assert.False(await Bob.Host.PingAsync(Alice.TunnelAddress, PingTimeout), "bob reached alice");

        PeerState bobAtAlice = await Alice.GetOnlyPeerAsync();
        PeerState aliceAtBob = await Bob.GetOnlyPeerAsync();
        Assert.Equal(_impostor.PublicKey, bobAtAlice.PublicKey);
        Assert.Null(bobAtAlice.LastHandshake);
        Assert.Null(aliceAtBob.LastHandshake);
        // Both tried (handshake initiations count as sent bytes), and neither accepted a single packet from the other.
        Assert.True(bobAtAlice.TransmittedBytes > 0, "alice never tried to handshake");
        Assert.True(aliceAtBob.TransmittedBytes > 0, "bob never tried to handshake");
        Assert.Equal(0UL, bobAtAlice.ReceivedBytes);
        Assert.Equal(0UL, aliceAtBob.ReceivedBytes);
    }
}
