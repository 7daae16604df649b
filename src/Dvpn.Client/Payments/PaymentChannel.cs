using System.Globalization;
using System.Numerics;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Client.Payments;

/// <summary>
/// The client end of PaymentService.Pay for one session (docs/protocol.md §3.3): sends the hello, judges every
/// invoice against the client's own byte count, pays with lottery tickets so credit stays a small window ahead of
/// use, and ends with a <see cref="PaymentEnd"/> saying why. One read loop does all of it in order, so at most one
/// ticket is in flight and nonces reach the provider in the order the ledger handed them out.
/// </summary>
internal sealed partial class PaymentChannel : IAsyncDisposable
{
    /// <summary>Refused tickets in a row after which the provider is treated as broken.</summary>
    internal const int MaxRefusalsInARow = 3;

    /// <summary>How long the client's half-close may take when it leaves; the call is cancelled after it anyway.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly PaymentContext _context;
    private readonly string _sessionId;
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ClientPaymentMessage, ProviderPaymentMessage> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<PaymentEnd> _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly PaymentTally _tally = new();
    private readonly InvoiceCheck _check;
    private readonly BigInteger _prepay;
    private readonly TimeSpan _silence;
    private readonly ITimer _watchdog;
    private Task _reading = Task.CompletedTask;
    private int _disposed;

    private PaymentChannel(PaymentContext context)
    {
        _context = context;
        _sessionId = Convert.ToHexStringLower(context.SessionId.Span);
        SessionTerms terms = context.Terms;
        _commit = terms.Commit;
        _check = new InvoiceCheck(terms.PricePerGiB, context.Options.TolerancePpm, context.Options.SlackBytes);
        _prepay = PaymentMath.ValueOf(context.Options.PrepayBytes, terms.PricePerGiB);
        _silence = SilenceLimit(context.Options.InvoiceTimeout, terms.InvoiceInterval);
        _channel = GrpcChannel.ForAddress(context.PaymentEndpoint, new GrpcChannelOptions
        {
            HttpHandler = context.Handler,
        });
        _call = new PaymentService.PaymentServiceClient(_channel).Pay(cancellationToken: _stop.Token);
        _watchdog = context.Time.CreateTimer(static state => ((PaymentChannel)state!).OnSilence(), this, _silence, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Completes once the stream has ended, with why. Never faults.</summary>
    public Task<PaymentEnd> Completion => _end.Task;

    /// <summary>Counters so far.</summary>
    public PaymentCounters Counters => _tally.Snapshot();

    /// <summary>
    /// Opens the call, sends the hello, and starts answering invoices. A provider that cannot be reached, or terms
    /// that name a recipient other than the provider, do not throw: the channel comes back already ended
    /// (<see cref="Completion"/> says why).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired while sending the hello.</exception>
    public static async Task<PaymentChannel> OpenAsync(PaymentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payment = new PaymentChannel(context);
        if (context.Terms.Recipient != context.Provider)
        {
            payment.End(new PaymentEnd.ProtocolViolation(
                $"the payment terms name recipient {context.Terms.Recipient}, not the provider {context.Provider}"));
            return payment;
        }

        try
        {
            await payment.WriteAsync(new ClientPaymentMessage { Hello = new PaymentHello { SessionId = Google.Protobuf.ByteString.CopyFrom(context.SessionId.Span) } },
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await payment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or OperationCanceledException)
        {
            payment.End(new PaymentEnd.Failed(e));
            return payment;
        }

        Log.PaymentOpened(context.Logger, payment._sessionId, context.Provider.ToString(), context.PaymentEndpoint);
        payment._reading = payment.ReadLoopAsync();
        payment.StartPacing();
        return payment;
    }

    /// <summary>
    /// Ends the client's side: half-closes the request stream (when no write is in progress), cancels the call and
    /// waits for the read loop. <see cref="Completion"/> becomes <see cref="PaymentEnd.Closed"/> unless it had ended.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A polite half-close first, so the provider sees the client leave rather than a reset; skipped when a
        // ticket write is in progress (cancelling ends that too).
        if (!_end.Task.IsCompleted && _writeGate.Wait(0))
        {
            try
            {
                await _call.RequestStream.CompleteAsync().WaitAsync(CloseGrace, _context.Time).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
            {
                // The call had ended already; cancelling below is all that is left.
            }
            finally
            {
                _writeGate.Release();
            }
        }

        End(new PaymentEnd.Closed());
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _pacing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        _call.Dispose();
        _channel.Dispose();
        _context.Handler.Dispose(); // the channel owns it (PaymentContext.Handler); a second dispose is harmless
        _stop.Dispose();
        _writeGate.Dispose();
        _payGate.Dispose();
    }

    /// <summary>How long without an invoice means the provider is gone: the option, but never under 3 intervals.</summary>
    internal static TimeSpan SilenceLimit(TimeSpan invoiceTimeout, TimeSpan invoiceInterval)
    {
        TimeSpan threeIntervals = invoiceInterval >= TimeSpan.MaxValue / 3 ? TimeSpan.MaxValue : invoiceInterval * 3;
        TimeSpan limit = invoiceTimeout > threeIntervals ? invoiceTimeout : threeIntervals;
        // ITimer takes at most 2^32 - 2 ms; a provider announcing a longer interval is silent in practice.
        TimeSpan max = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
        return limit > max ? max : limit;
    }

    /// <summary>Records <paramref name="end"/> (the first one wins) and stops the call.</summary>
    private void End(PaymentEnd end)
    {
        if (!_end.TrySetResult(end))
        {
            return;
        }

        Log.PaymentEnded(_context.Logger, _sessionId, end.GetType().Name, Describe(end));
        try
        {
            _watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: the call is being torn down anyway.
        }
    }

    private void OnSilence() => End(new PaymentEnd.ProviderSilent(_silence));

    private async Task WriteAsync(ClientPaymentMessage message, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            _tally.Sent(message.CalculateSize());
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static string Describe(PaymentEnd end) => end switch
    {
        PaymentEnd.ProviderCutOff c => $"{c.Reason}: {c.Detail}",
        PaymentEnd.OverClaim o => o.Detail,
        PaymentEnd.CapReached c => string.Create(CultureInfo.InvariantCulture, $"{c.Cap} cap: {c.Spent} of {c.Limit}"),
        PaymentEnd.ProviderSilent s => string.Create(CultureInfo.InvariantCulture, $"no invoice for {s.Silence}"),
        PaymentEnd.ProtocolViolation v => v.Detail,
        PaymentEnd.Failed f => f.Error.Message,
        _ => "closed by the client",
    };
}
