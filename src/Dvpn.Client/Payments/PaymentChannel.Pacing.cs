using System.Numerics;

namespace Dvpn.Client.Payments;

/// <summary>
/// Paying ahead from the client's own counters, between invoices. Invoices come once per interval (1 s by default)
/// and the provider meters every half second or so; a fast flow moves tens of MiB in that time, far more than the
/// credit limit plus the prepay window (4 MiB). So every <see cref="Options.PaymentOptions.PaceInterval"/> the pacer
/// reads the client's own byte count and, when what it paid is less than half the prepay window ahead of the value of
/// those bytes, pays up to a full window ahead. It values its bytes at the session's price times the ratio of the
/// provider's count to its own in the last fair invoice (never above 1 + the tolerance); the invoices settle the rest,
/// up to the allowance. Up to <see cref="MaxTicketsInFlight"/> tickets may be unanswered, and they count as paid.
/// </summary>
internal sealed partial class PaymentChannel
{
    private readonly SemaphoreSlim _payGate = new(1, 1);
    private Task _pacing = Task.CompletedTask;

    /// <summary>Starts the pacer; an infinite interval (tests of the invoice path only) leaves it off.</summary>
    private void StartPacing()
    {
        if (_context.Options.PaceInterval != Timeout.InfiniteTimeSpan)
        {
            _pacing = PaceLoopAsync();
        }
    }

    private async Task PaceLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(_context.Options.PaceInterval, _context.Time);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await _payGate.WaitAsync(_stop.Token).ConfigureAwait(false);
                PaymentEnd? end;
                try
                {
                    end = await PaceAsync().ConfigureAwait(false);
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
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The stream ended.
        }
#pragma warning disable CA1031 // Completion never faults: a failure of the pacer ends the stream with it
        catch (Exception e)
#pragma warning restore CA1031
        {
            End(new PaymentEnd.Failed(e));
        }
    }

    /// <summary><c>ceil(bytes × ratio × price / 2^30)</c>, ratio in ppm.</summary>
    internal static BigInteger ValueAtRatio(ulong bytes, BigInteger pricePerGiB, uint ratioPpm)
    {
        BigInteger numerator = bytes * pricePerGiB * ratioPpm;
        BigInteger denominator = (BigInteger)PartsPerMillion << 30;
        return BigInteger.DivRem(numerator, denominator, out BigInteger remainder) + (remainder.IsZero ? 0 : 1);
    }

    private async Task<PaymentEnd?> PaceAsync()
    {
        if (_inFlight.Count >= MaxTicketsInFlight)
        {
            return null; // receipts first
        }

        ulong ownBytes = await _context.ReadOwnBytes(_stop.Token).ConfigureAwait(false);
        // The client's own count at the ratio the provider's fair invoices showed (at most 1 + the tolerance): what an
        // honest provider will invoice for these bytes.
        BigInteger used = ValueAtRatio(ownBytes, _context.Terms.PricePerGiB, _ratioPpm);
        BigInteger paid = Paid;
        if ((paid - used) * 2 >= _prepay)
        {
            return null;
        }

        BigInteger amount = used + _prepay - paid;
        return amount.Sign > 0 ? await PayAsync(amount).ConfigureAwait(false) : null;
    }
}
