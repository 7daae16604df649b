using System.Globalization;
using System.Net;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;
using Dvpn.Protocol;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Metrics;
using Dvpn.WireGuard;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// The public SessionService (docs/protocol.md §3.1, §3.4). OpenSession checks, in this order: rate limit per source
/// → the signed request (<see cref="SessionRequestValidator"/>) → the WireGuard key → the on-chain account →
/// an address from the pool → the peer on the device; every refusal is an <see cref="OpenRejection"/> status.
/// </summary>
internal sealed partial class SessionService : Dvpn.Protocol.V1.SessionService.SessionServiceBase
{
    private readonly OpenRateLimiter _rateLimiter;
    private readonly SessionRequestValidator _validator;
    private readonly SessionManager _sessions;
    private readonly AccountCache _accounts;
    private readonly SessionTerminator _terminator;
    private readonly PaymentSettings _settings;
    private readonly ProviderContext _context;
    private readonly ProviderOptions _options;
    private readonly ProviderMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SessionService> _logger;

    public SessionService(OpenRateLimiter rateLimiter, SessionRequestValidator validator, SessionManager sessions, AccountCache accounts,
        SessionTerminator terminator, PaymentSettings settings, ProviderContext context, IOptions<ProviderOptions> options,
        ProviderMetrics metrics, TimeProvider timeProvider, ILogger<SessionService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rateLimiter = rateLimiter;
        _validator = validator;
        _sessions = sessions;
        _accounts = accounts;
        _terminator = terminator;
        _settings = settings;
        _context = context;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async Task<OpenSessionResponse> OpenSession(OpenSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        IPAddress source = context.GetHttpContext().Connection.RemoteIpAddress ?? IPAddress.None;
        if (!_rateLimiter.TryAcquire(source))
        {
            throw Refuse(OpenRejectionReason.RateLimited, "too many OpenSession calls from this address; retry later", source);
        }

        if (_sessions.Count >= _sessions.MaxSessions)
        {
            throw Refuse(OpenRejectionReason.RateLimited, "the provider is full; try another", source);
        }

        if (!_validator.TryValidate(request, out SessionRequest? signed, out OpenRejection? rejection))
        {
            throw Refuse(rejection, source);
        }

        var key = new PublicKey(signed.WireGuardPublicKey.Span);
        if (key.IsZero)
        {
            throw Refuse(OpenRejectionReason.BadWireGuardKey, "the WireGuard key is all zeros", source);
        }

        if (_sessions.IsKeyInUse(key))
        {
            throw Refuse(OpenRejectionReason.BadWireGuardKey, "the WireGuard key is already in use by another session", source);
        }

        var accountKey = new AccountKey(signed.Token, signed.Funder, signed.Signer);
        LotteryAccount account;
        try
        {
            account = await _accounts.GetAsync(accountKey, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            LogChainUnavailable(_logger, e.Message);
            throw new RpcException(new Status(StatusCode.Unavailable, "the provider cannot read the lottery account right now; retry later"));
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (account.Balance < _settings.MinBalance || account.Escrow < _settings.MinEscrow)
        {
            throw Refuse(OpenRejectionReason.Unfunded, string.Create(CultureInfo.InvariantCulture,
                $"the lottery account needs a balance of at least {_settings.MinBalance} and an escrow of at least {_settings.MinEscrow}"), source);
        }

        if (!account.IsSafeUntil(now + _settings.SessionLifetime + _settings.MinTicketLifetime))
        {
            throw Refuse(OpenRejectionReason.WithdrawalPending, "a withdrawal from the lottery account unlocks before this session's tickets could be claimed", source);
        }

        if (!_context.Pool.TryAllocate(signed.WantIpv6, out SessionAddresses? addresses))
        {
            throw Refuse(OpenRejectionReason.RateLimited, "no tunnel address is free; try another provider", source);
        }

        var session = new Session(SessionId.New(), signed, addresses, _settings, now);
        SessionAddResult added = _sessions.TryAdd(session);
        if (added != SessionAddResult.Added)
        {
            _context.Pool.Release(addresses);
            session.Dispose();
            throw added switch
            {
                SessionAddResult.KeyInUse => Refuse(OpenRejectionReason.BadWireGuardKey, "the WireGuard key is already in use by another session", source),
                SessionAddResult.Closed => new RpcException(new Status(StatusCode.Unavailable, "the provider is stopping; try another")),
                _ => Refuse(OpenRejectionReason.RateLimited, "the provider is full; try another", source),
            };
        }

        try
        {
            // Not cancellable: a peer half-added by a cancelled call would be left behind.
            await _context.Tunnel.AddPeerAsync(key, addresses, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAddPeerFailed(_logger, session.Id, e.Message);
            await DiscardAsync(session).ConfigureAwait(false);
            throw new RpcException(new Status(StatusCode.Unavailable, "the provider could not set up the tunnel; retry later"));
        }

        _metrics.SessionOpened();
        LogOpened(_logger, session.Id, session.Signer.ToString(), addresses.IPv4, session.ExpiresAt);
        return CreateResponse(session);
    }

    public override async Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        IPAddress source = context.GetHttpContext().Connection.RemoteIpAddress ?? IPAddress.None;
        Session? session = SessionId.TryRead(request.SessionId, out SessionId id) ? _sessions.Find(id) : null;
        if (session is null)
        {
            throw Refuse(OpenRejectionReason.UnknownSession, "no such session", source);
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (SessionClose.Validate(request, session.Signer, now, ProtocolConstants.DefaultMaxClockSkew) is { } rejection)
        {
            throw Refuse(rejection, source);
        }

        Invoice final = session.CreateInvoice(now);
        await _terminator.EndAsync(session, CutOffReason.Closed, "closed by the client").ConfigureAwait(false);
        return new CloseSessionResponse { FinalInvoice = final };
    }

    private OpenSessionResponse CreateResponse(Session session)
    {
        TunnelOptions tunnel = _options.Tunnel;
        var response = new OpenSessionResponse
        {
            SessionId = session.Id.ToByteString(),
            Mtu = (uint)tunnel.Mtu,
            WireguardEndpoint = _options.WireGuard.Endpoint,
            WireguardPublicKey = ByteString.CopyFrom(_context.Tunnel.PublicKey.ToArray()),
            PaymentEndpoint = string.Create(CultureInfo.InvariantCulture, $"http://{_context.Pool.GatewayIPv4}:{tunnel.PaymentPort}"),
            ExpiresAt = (ulong)session.ExpiresAt.ToUnixTimeSeconds(),
            PersistentKeepalive = (uint)_options.WireGuard.PersistentKeepalive,
        };
        response.Addresses.Add(string.Create(CultureInfo.InvariantCulture, $"{session.Addresses.IPv4}/32"));
        response.AllowedIps.Add("0.0.0.0/0");
        if (session.Addresses.IPv6 is { } v6)
        {
            response.Addresses.Add(string.Create(CultureInfo.InvariantCulture, $"{v6}/128"));
            response.AllowedIps.Add("::/0");
        }

        response.Dns.AddRange(tunnel.Dns);
        lock (session.Sync)
        {
            response.Terms = _settings.ToTerms(_context.Address, session.Commits.Commit.Span);
        }

        return response;
    }

    /// <summary>Undoes a session that never opened (not counted as opened or ended).</summary>
    private async Task DiscardAsync(Session session)
    {
        session.TryEnd(CutOffReason.Unspecified, "the session could not be set up");
        _sessions.Remove(session);
        try
        {
            await _context.Tunnel.RemovePeerAsync(session.WireGuardKey, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogAddPeerFailed(_logger, session.Id, e.Message);
        }

        _context.Pool.Release(session.Addresses);
        session.Dispose();
    }

    private RpcException Refuse(OpenRejectionReason reason, string message, IPAddress source) =>
        Refuse(new OpenRejection(reason, message), source);

    private RpcException Refuse(OpenRejection rejection, IPAddress source)
    {
        if (rejection.Reason == OpenRejectionReason.RateLimited)
        {
            LogRateLimited(_logger, source, rejection.Message); // a flood must not flood the log too
        }
        else
        {
            LogRefused(_logger, source, rejection.Reason, rejection.Message);
        }

        return rejection.ToRpcException();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Session {SessionId} opened for signer {Signer} at {Address}, until {ExpiresAt:O}")]
    private static partial void LogOpened(ILogger logger, SessionId sessionId, string signer, IPAddress address, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Refused a session request from {Source}: {Reason} ({Detail})")]
    private static partial void LogRefused(ILogger logger, IPAddress source, OpenRejectionReason reason, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Refused a session request from {Source}: rate limited ({Detail})")]
    private static partial void LogRateLimited(ILogger logger, IPAddress source, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not read a lottery account from the chain: {Reason}")]
    private static partial void LogChainUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Session {SessionId}: adding its WireGuard peer failed: {Reason}")]
    private static partial void LogAddPeerFailed(ILogger logger, SessionId sessionId, string reason);
}
