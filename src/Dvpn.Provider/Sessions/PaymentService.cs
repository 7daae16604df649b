using System.Net;
using Dvpn.Chain;
using Dvpn.Protocol.V1;
using Grpc.Core;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// The PaymentService inside the tunnel (docs/protocol.md §3.2, §3.3). The caller is the session its source address
/// belongs to (WireGuard's cryptokey routing ties the address to the session's key); the first message must be a
/// PaymentHello naming that session. Then the provider sends an invoice every <c>InvoiceInterval</c> and a receipt
/// per ticket, in arrival order, until the session ends (CutOff) or the client leaves. The call stays open while the
/// session is paused over its credit limit; an accepted ticket that pays it back resumes it at once.
/// </summary>
internal sealed partial class PaymentService : Dvpn.Protocol.V1.PaymentService.PaymentServiceBase
{
    private readonly SessionManager _sessions;
    private readonly TicketProcessor _tickets;
    private readonly AccountCache _accounts;
    private readonly SessionPauser _pauser;
    private readonly PaymentSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PaymentService> _logger;

    public PaymentService(SessionManager sessions, TicketProcessor tickets, AccountCache accounts, SessionPauser pauser, PaymentSettings settings,
        TimeProvider timeProvider, ILogger<PaymentService> logger)
    {
        _sessions = sessions;
        _tickets = tickets;
        _accounts = accounts;
        _pauser = pauser;
        _settings = settings;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public override async Task Pay(IAsyncStreamReader<ClientPaymentMessage> requestStream,
        IServerStreamWriter<ProviderPaymentMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        IPAddress? source = context.GetHttpContext().Connection.RemoteIpAddress;
        Session? session = source is null ? null : _sessions.FindByAddress(source);
        if (session is null)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "no session has this tunnel address"));
        }

        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)
            || requestStream.Current.KindCase != ClientPaymentMessage.KindOneofCase.Hello
            || !SessionId.TryRead(requestStream.Current.Hello.SessionId, out SessionId id) || id != session.Id)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "the first message must be a PaymentHello naming this address's session"));
        }

        var stream = new PaymentStream();
        if (!session.TryAttach(stream))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "the session has ended"));
        }

        // Finished once Kestrel has written the whole response, trailers included: only then may the session's end
        // take the peer (and with it the tunnel this call rides) away.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            stream.MarkFinished();
            return Task.CompletedTask;
        });
        LogAttached(_logger, session.Id);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        Task reading = ReadTicketsAsync(session, stream, requestStream, stop.Token);
        Task invoicing = SendInvoicesAsync(session, stream, stop.Token);
        try
        {
            await foreach (ProviderPaymentMessage message in stream.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(message, context.CancellationToken).ConfigureAwait(false);
            }

            if (stream.CutOff is { } cutOff)
            {
                await responseStream.WriteAsync(new ProviderPaymentMessage { CutOff = cutOff }, context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            session.Detach(stream);
            stream.Complete(null);
            await Task.WhenAll(reading, invoicing).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // A protocol violation by the client ends the call with its status rather than a quiet completion.
        if (reading.Exception?.GetBaseException() is RpcException violation)
        {
            throw violation;
        }
    }

    private async Task ReadTicketsAsync(Session session, PaymentStream stream, IAsyncStreamReader<ClientPaymentMessage> requests,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                ClientPaymentMessage message = requests.Current;
                if (message.KindCase != ClientPaymentMessage.KindOneofCase.Ticket)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "only tickets may follow the PaymentHello"));
                }

                var balance = (await GetAccountAsync(session, cancellationToken).ConfigureAwait(false))?.Balance ?? 0;
                TicketReceipt? receipt = _tickets.Process(session, message.Ticket, balance);
                if (receipt is null || !await stream.PostReceiptAsync(receipt, cancellationToken).ConfigureAwait(false))
                {
                    return; // the session ended
                }

                // A payment that brings a paused session back under its credit limit resumes it now, not at the next
                // metering pass; the receipt is already on its way.
                if (receipt.Verdict == TicketVerdict.Accepted && session.IsPaused)
                {
                    await _pauser.ResumeIfPaidAsync(session).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is not RpcException)
            {
                LogTicketFailed(_logger, session.Id, e.Message);
            }

            stream.Complete(null);
            throw;
        }
    }

    private async Task<Dvpn.Chain.Lottery.LotteryAccount?> GetAccountAsync(Session session, CancellationToken cancellationToken)
    {
        try
        {
            return await _accounts.GetAsync(session.Account, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException)
        {
            // Never read (the open read it, so the cache was dropped): a balance of 0 refuses the ticket as unfunded
            // rather than accepting one that may not be covered.
            return null;
        }
    }

    private async Task SendInvoicesAsync(Session session, PaymentStream stream, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_settings.InvoiceInterval, _timeProvider);
        try
        {
            do
            {
                stream.TryPostInvoice(session.CreateInvoice(_timeProvider.GetUtcNow()));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Session {SessionId}: payment stream attached")]
    private static partial void LogAttached(ILogger logger, SessionId sessionId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Session {SessionId}: handling a ticket failed: {Reason}")]
    private static partial void LogTicketFailed(ILogger logger, SessionId sessionId, string reason);
}
