using System.Threading.Channels;
using Dvpn.Protocol.V1;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// One attached payment call's outgoing side. Invoices (timer), receipts (ticket reader) and the cut-off (metering
/// or close) come from different threads; gRPC allows one writer, so they queue here and a single loop writes them.
/// </summary>
internal sealed class PaymentStream
{
    /// <summary>Queued messages before receipts wait; a client that stops reading stops being read.</summary>
    private const int Capacity = 64;

    private readonly Channel<ProviderPaymentMessage> _channel = Channel.CreateBounded<ProviderPaymentMessage>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CutOff? _cutOff;

    /// <summary>What the writer loop drains.</summary>
    public ChannelReader<ProviderPaymentMessage> Reader => _channel.Reader;

    /// <summary>The last word, written after everything queued, once the stream is completed with one.</summary>
    public CutOff? CutOff => Volatile.Read(ref _cutOff);

    /// <summary>Completes when the payment call's response, trailers included, has been written out.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Called by the payment call as it ends.</summary>
    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>Queues an invoice unless the queue is full: invoices are cumulative, a dropped one costs nothing.</summary>
    public bool TryPostInvoice(Invoice invoice) =>
        _channel.Writer.TryWrite(new ProviderPaymentMessage { Invoice = invoice });

    /// <summary>Queues a receipt, waiting for room; false when the stream has been completed.</summary>
    public async ValueTask<bool> PostReceiptAsync(TicketReceipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(new ProviderPaymentMessage { Receipt = receipt }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Ends the stream after what is queued, then <paramref name="cutOff"/> when given. Idempotent.</summary>
    public void Complete(CutOff? cutOff)
    {
        if (cutOff is not null)
        {
            Interlocked.CompareExchange(ref _cutOff, cutOff, null);
        }

        _channel.Writer.TryComplete();
    }
}
