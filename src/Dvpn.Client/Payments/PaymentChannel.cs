namespace Dvpn.Client.Payments;

/// <summary>STUB (owned by the payments work): the client end of PaymentService.Pay for one session.</summary>
internal sealed class PaymentChannel : IAsyncDisposable
{
    private PaymentChannel()
    {
    }

    /// <summary>Opens the call, sends the hello, and starts answering invoices.</summary>
    public static Task<PaymentChannel> OpenAsync(PaymentContext context, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Completes once the stream has ended, with why. Never faults.</summary>
    public Task<PaymentEnd> Completion => throw new NotImplementedException();

    /// <summary>Counters so far.</summary>
    public PaymentCounters Counters => throw new NotImplementedException();

    /// <summary>Ends the client's side (Completion becomes <see cref="PaymentEnd.Closed"/> unless it had ended already).</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
