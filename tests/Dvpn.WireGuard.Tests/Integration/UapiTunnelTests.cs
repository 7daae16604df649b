using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Tests.Integration;

/// <summary>
/// Two wireguard-go instances in two namespaces, configured only through <c>UapiWireGuardBackend</c>: traffic,
/// statistics and peer removal. Each test gets a fresh pair (xunit makes a new instance per test).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UapiTunnelTests : IAsyncLifetime
{
    private const long TransferBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Bytes on the wire per payload byte, at most, for packets that arrive once: a full segment carries ~1,368
    /// payload bytes (MTU 1420 minus IP, TCP and timestamp headers) inside 20 + 32 bytes of IP/TCP headers, a
    /// 16-byte WireGuard data header, up to 15 bytes of padding and a 16-byte tag (whitepaper §5.4.6): about 7.4%;
    /// bounded loosely at 15%.
    /// </summary>
    private const double MaxOverheadFactor = 1.15;

    /// <summary>
    /// The sender's count also holds TCP retransmissions: wireguard-go (this version) drops datagrams when its UDP
    /// receive buffer overflows (UdpRcvbufErrors, 5-25% of a burst here). Sending more than twice the payload would
    /// mean something other than this transfer was counted.
    /// </summary>
    private const double MaxRetransmitFactor = 2.0;

    /// <summary>Small extras outside the payload: connection setup and teardown, keepalives.</summary>
    private const ulong ExtraBytes = 64 * 1024;

    /// <summary>What one side may have sent and the other not yet counted between the two reads (an ACK or a FIN).</summary>
    private const ulong InFlightSlack = 16 * 1024;

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BlockedPingTimeout = TimeSpan.FromSeconds(1.5);

    private WireGuardPair? _pair;

    private TunnelEnd Alice => _pair!.Alice;

    private TunnelEnd Bob => _pair!.Bob;

    public async Task InitializeAsync() => _pair = await WireGuardPair.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ping_ThroughTheTunnel_IsAnsweredBothWays()
    {
        Assert.True(await Alice.Host.PingAsync(Bob.TunnelAddress, HandshakeTimeout), "alice -> bob");
        Assert.True(await Bob.Host.PingAsync(Alice.TunnelAddress, HandshakeTimeout), "bob -> alice");
    }

    [Fact]
    public async Task TcpTransfer_ThroughTheTunnel_DeliversEveryByte()
    {
        TcpTransferResult result = await TcpTransfer.RunAsync(Bob.Host, Bob.TunnelAddress, Alice.Host, TransferBytes, TransferTimeout);

        Assert.Equal(TransferBytes, result.BytesReceived);
        Assert.True(result.Intact, "bob read other bytes than alice sent");
    }

    [Fact]
    public async Task Statistics_AfterATransfer_CountItOnBothSidesAndAgree()
    {
        Assert.True(await Alice.Host.PingAsync(Bob.TunnelAddress, HandshakeTimeout));
        PeerState aliceBefore = await Alice.GetOnlyPeerAsync();
        PeerState bobBefore = await Bob.GetOnlyPeerAsync();

        TcpTransferResult result = await TcpTransfer.RunAsync(Bob.Host, Bob.TunnelAddress, Alice.Host, TransferBytes, TransferTimeout);
        Assert.Equal(TransferBytes, result.BytesReceived);
        PeerState aliceAfter = await Alice.GetOnlyPeerAsync();
        PeerState bobAfter = await Bob.GetOnlyPeerAsync();
        DateTimeOffset now = TimeProvider.System.GetUtcNow();

        ulong aliceSent = aliceAfter.TransmittedBytes - aliceBefore.TransmittedBytes;
        ulong aliceReceived = aliceAfter.ReceivedBytes - aliceBefore.ReceivedBytes;
        ulong bobSent = bobAfter.TransmittedBytes - bobBefore.TransmittedBytes;
        ulong bobReceived = bobAfter.ReceivedBytes - bobBefore.ReceivedBytes;
        ulong payload = (ulong)result.BytesReceived;

        // Every payload byte crossed the tunnel, encrypted and a little larger: at least once, and, at the
        // receiver, within the encapsulation overhead (datagrams lost on the way are not counted there).
        Assert.InRange(bobReceived, payload, (ulong)(payload * MaxOverheadFactor) + ExtraBytes);
        Assert.InRange(aliceSent, payload, (ulong)(payload * MaxRetransmitFactor) + ExtraBytes);
        // Nobody counts as received more than the other side counts as sent; the reverse path carried the ACKs.
        Assert.InRange(bobReceived, payload, aliceSent + InFlightSlack);
        Assert.InRange(aliceReceived, 1UL, bobSent + InFlightSlack);
        // Both sides completed a handshake, just now by the wall clock.
        foreach (PeerState view in new[] { aliceAfter, bobAfter })
        {
            Assert.NotNull(view.LastHandshake);
            Assert.InRange(view.LastHandshake.Value, now - TimeSpan.FromMinutes(1), now + TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task RemovedPeer_StopsPassingTraffic()
    {
        Assert.True(await Alice.Host.PingAsync(Bob.TunnelAddress, HandshakeTimeout), "the tunnel never worked");

        await Bob.Device.RemovePeerAsync(Alice.Key.PublicKey);

        Assert.Empty((await Bob.Device.GetStateAsync()).Peers);
        Assert.False(await Alice.Host.PingAsync(Bob.TunnelAddress, BlockedPingTimeout), "alice still reaches bob");
        Assert.False(await Bob.Host.PingAsync(Alice.TunnelAddress, BlockedPingTimeout), "bob still reaches alice");
    }
}
