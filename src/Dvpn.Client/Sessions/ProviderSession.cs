using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Payments;
using Dvpn.Client.State;
using Dvpn.Client.Stats;
using Dvpn.Protocol.V1;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Sessions;

/// <summary>
/// One session with one provider, from OpenSession to teardown: a fresh WireGuard key (sessions are unlinkable),
/// the tunnel and its routes, the payment stream, and the watch that notices when the provider goes away.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class ProviderSession : IActiveSession
{
    private readonly SessionEnvironment _env;
    private readonly ILogger _logger;
    private readonly PrivateKey _key;
    private readonly CancellationTokenSource _stop = new();
    private IWireGuardDevice? _device;
    private PaymentChannel? _payment;
    private GrantedSession? _granted;
    private readonly SessionMeter _meter;
    private int _closed;

    private ProviderSession(SessionEnvironment env, ProviderListing listing)
    {
        _env = env;
        _logger = env.LoggerFactory.CreateLogger<ProviderSession>();
        Listing = listing;
        Provider = new ProviderRef(EthAddress.Parse(listing.Address).ToString(), listing.Region, listing.PricePerGiB);
        _key = PrivateKey.Generate();
        _meter = new SessionMeter(env.Time);
    }

    public ProviderListing Listing { get; }

    public ProviderRef Provider { get; }

    public SessionInfo Info { get; private set; } = null!;

    public DateTimeOffset Since { get; private set; }

    private GrantedSession Granted => _granted ?? throw new InvalidOperationException("The session is not open.");

    /// <summary>
    /// Opens the session and brings the tunnel and the payment stream up; on failure everything set up so far is taken
    /// down again and a <see cref="SessionSetupException"/> says whose fault it was.
    /// </summary>
    public static async Task<ProviderSession> ConnectAsync(SessionEnvironment env, ProviderListing listing, Action<ConnectPhase> phase,
        CancellationToken cancellationToken)
    {
        var session = new ProviderSession(env, listing);
        try
        {
            await session.SetUpAsync(phase, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            // The provider holds an open session once OpenSession succeeded: tell it, unless it is the one that failed.
            await session.TearDownAsync(clean: session._granted is not null, "setup failed").ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SetUpAsync(Action<ConnectPhase> phase, CancellationToken cancellationToken)
    {
        phase(ConnectPhase.Opening);
        BigInteger balance = await _env.ReadAccountBalance(cancellationToken).ConfigureAwait(false);
        OpenSessionResponse response = await SessionOpener.OpenAsync(_env, Listing, _key.PublicKey, cancellationToken).ConfigureAwait(false);
        GrantedSession granted = SessionOpener.Check(_env, Listing, response);
        _granted = granted;
        Log.SessionOpened(_logger, Provider.Address, granted.SessionIdHex, granted.Terms.PricePerGiB.ToString(System.Globalization.CultureInfo.InvariantCulture));

        bool ipv6 = granted.Addresses.Any(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6);
        // Before the first tunnel packet: the encrypted packets to this endpoint, the tunnel and DNS to the session's
        // servers through it may pass; still nothing else.
        IReadOnlyList<IPAddress> dns = [.. granted.Dns.Select(IPAddress.Parse)];
        await _env.Guard.OpenTunnelAsync(new Firewall.TunnelOpening(_env.Tunnel.InterfaceName, granted.WireGuardEndpoint, Listing, dns, ipv6), cancellationToken)
            .ConfigureAwait(false);
        await _env.Tunnel.CleanupStaleAsync(cancellationToken).ConfigureAwait(false);
        var peer = new PeerConfig
        {
            PublicKey = new PublicKey(Listing.WireGuardPublicKey.AsSpan()),
            Endpoint = granted.WireGuardEndpoint,
            AllowedIPs = granted.AllowedIPs,
            PersistentKeepalive = granted.PersistentKeepalive == 0 ? (ushort)25 : granted.PersistentKeepalive,
        };
        _device = await _env.Tunnel.CreateAsync(_key, peer, granted.Addresses, granted.Mtu, cancellationToken).ConfigureAwait(false);
        await _env.Tunnel.RouteAsync(granted.WireGuardEndpoint.Address, granted.Gateway, ipv6, cancellationToken).ConfigureAwait(false);

        phase(ConnectPhase.Handshaking);
        await WaitForHandshakeAsync(granted, cancellationToken).ConfigureAwait(false);

        phase(ConnectPhase.Paying);
        _payment = await PaymentChannel.OpenAsync(CreatePaymentContext(granted, balance), cancellationToken).ConfigureAwait(false);
        Since = _env.Time.GetUtcNow();
        Info = new SessionInfo(granted.SessionIdHex, _env.Tunnel.InterfaceName, [.. granted.Addresses.Select(a => a.ToString())], granted.Dns, granted.Mtu,
            granted.WireGuardEndpoint.ToString(), granted.Terms.PricePerGiB, granted.Terms.CreditLimit, granted.ExpiresAt);
        _env.Store.RecordSessionStart(new SessionRecord(granted.SessionIdHex, Provider.Address, granted.Terms.PricePerGiB, Since, null, 0, 0, 0, 0, null));
    }

    /// <summary>
    /// WireGuard starts its handshake with the first packet it has to send: one datagram to the gateway's discard port
    /// starts it at once instead of waiting for a keepalive; then the peer's last-handshake time is polled.
    /// </summary>
    private async Task WaitForHandshakeAsync(GrantedSession granted, CancellationToken cancellationToken)
    {
        IWireGuardDevice device = _device!;
        using (Socket nudge = _env.Network.CreateSocket(granted.Gateway.AddressFamily, SocketType.Dgram, ProtocolType.Udp))
        {
            await nudge.SendToAsync(new byte[1], SocketFlags.None, new IPEndPoint(granted.Gateway, 9), cancellationToken).ConfigureAwait(false);
        }

        DateTimeOffset deadline = _env.Time.GetUtcNow() + _env.Options.Tunnel.HandshakeTimeout;
        while (true)
        {
            DeviceState state = await device.GetStateAsync(cancellationToken).ConfigureAwait(false);
            if (state.Peers.Count == 1 && state.Peers[0].LastHandshake is not null)
            {
                return;
            }

            if (_env.Time.GetUtcNow() >= deadline)
            {
                throw new SessionSetupException(ProviderFailureReason.HandshakeFailed,
                    $"provider {Provider.Address} opened the session but its WireGuard endpoint {granted.WireGuardEndpoint} did not complete a handshake within {_env.Options.Tunnel.HandshakeTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), _env.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private PaymentContext CreatePaymentContext(GrantedSession granted, BigInteger balance)
    {
        string signer = _env.Signer.Address.ToString();
        return new PaymentContext(
            granted.SessionId,
            EthAddress.Parse(Listing.Address),
            granted.PaymentEndpoint,
            granted.Terms,
            _env.Signer,
            _env.Funder,
            _env.Token,
            ReadOwnBytesAsync,
            spend => _env.Store.AuthorizeTicket(spend, _env.Policy()),
            // A Replayed receipt names a nonce of ours; never let a provider push the floor past what this client issued.
            floor => _env.Store.RaiseNonceFloor(signer, Math.Min(floor, _env.Store.GetLastNonce(signer))),
            _env.GasPrice,
            balance,
            _env.Options.Payment,
            _env.Network.CreateHandler(keepAlivePing: TimeSpan.FromSeconds(5)),
            _env.Time,
            _env.LoggerFactory.CreateLogger<PaymentChannel>())
        {
            SpendWarned = warning => _env.Publish(warning),
        };
    }
}
