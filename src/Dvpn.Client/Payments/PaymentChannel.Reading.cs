using Dvpn.Protocol.V1;

namespace Dvpn.Client.Payments;

/// <summary>The read loop: one provider message at a time, in order (under the pay gate, shared with the pacer).</summary>
internal sealed partial class PaymentChannel
{
    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token).ConfigureAwait(false))
            {
                ProviderPaymentMessage message = _call.ResponseStream.Current;
                _tally.Received(message.CalculateSize());
                if (message.KindCase == ProviderPaymentMessage.KindOneofCase.Invoice)
                {
                    _watchdog.Change(_silence, Timeout.InfiniteTimeSpan); // an invoice arrived: the provider is there
                }

                PaymentEnd? end;
                await _payGate.WaitAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    end = message.KindCase switch
                    {
                        ProviderPaymentMessage.KindOneofCase.Invoice => await OnInvoiceAsync(message.Invoice).ConfigureAwait(false),
                        ProviderPaymentMessage.KindOneofCase.Receipt => OnReceipt(message.Receipt),
                        ProviderPaymentMessage.KindOneofCase.CutOff => new PaymentEnd.ProviderCutOff(message.CutOff.Reason, message.CutOff.Detail),
                        _ => new PaymentEnd.ProtocolViolation($"the provider sent a payment message of unknown kind {message.KindCase}"),
                    };
                }
                finally
                {
                    _payGate.Release();
                }

                if (end is not null)
                {
                    End(end);
                    return;
                }
            }

            End(new PaymentEnd.Failed(new IOException("the provider ended the payment stream without a cut-off")));
        }
#pragma warning disable CA1031 // Completion never faults: whatever stopped the loop is its value (a no-op when already ended)
        catch (Exception e)
#pragma warning restore CA1031
        {
            End(new PaymentEnd.Failed(e));
        }
    }
}
