using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

namespace Dvpn.Client.Payments;

/// <summary>Invoices: judged against the client's own count, then paid up to the prepay window.</summary>
internal sealed partial class PaymentChannel
{
    // Touched only under the pay gate (read loop and pacer).
    private byte[] _commit;
    private BigInteger _credited;
    private int _strikes;

    /// <summary>The provider's count per byte of the client's, as last seen in a fair invoice, in parts per million,
    /// between 1 and 1 + the tolerance (above 1 when packets are lost on the way to the client): the pacer pays ahead at
    /// this rate. Never below 1: the client reads its counter after the invoice arrives, so during a fast flow its
    /// count is ahead of the one the provider invoiced, and a ratio under 1 would be that lag, not loss.</summary>
    private uint _ratioPpm = PartsPerMillion;

    private async Task<PaymentEnd?> OnInvoiceAsync(Invoice invoice)
    {
        _tally.InvoiceReceived(invoice.MeteredBytes);

        // Read after the invoice arrived, so the count covers at least what the provider had metered when it wrote it.
        ulong ownBytes = await _context.ReadOwnBytes(_stop.Token).ConfigureAwait(false);
        InvoiceVerdict verdict = invoice.Commit.Length == Ticket.CommitSize ? _check.Check(invoice, ownBytes) : InvoiceVerdict.Malformed;
        switch (verdict)
        {
            case InvoiceVerdict.Fair:
                _strikes = 0;
                _tally.FairOwed(_check.LastOwed);
                _ratioPpm = RatioPpm(invoice.MeteredBytes, ownBytes, _context.Options.TolerancePpm);
                break;
            case InvoiceVerdict.OverClaim:
                if (OnOverClaim(invoice, ownBytes) is { } overClaim)
                {
                    return overClaim;
                }

                break;
            default:
                Log.InvoiceRefused(_context.Logger, _sessionId, invoice.Sequence, verdict);
                return new PaymentEnd.ProtocolViolation(string.Create(CultureInfo.InvariantCulture,
                    $"invoice {invoice.Sequence} is {verdict} (cumulative figures must not go down and every field must have its size)"));
        }

        // Both parse: the check above refuses an invoice whose owed or credited does not.
        WireAmount.TryRead(invoice.Credited, out BigInteger credited);
        _credited = BigInteger.Max(_credited, credited);
        _tally.Credited(_credited);
        _commit = invoice.Commit.ToByteArray();
        if (_inFlight.Count >= MaxTicketsInFlight)
        {
            return null; // the next invoice (or the pacer) pays what this one would have
        }

        // Over-claimed or not, the amount is bounded by the last fair invoice and the client's own count.
        BigInteger amount = _check.AmountToPay(ownBytes, Paid, _prepay);
        return amount.IsZero ? null : await PayAsync(amount).ConfigureAwait(false);
    }

    private const uint PartsPerMillion = 1_000_000;

    /// <summary>The provider's count per byte of the client's in ppm, clamped to [1, 1 + the tolerance]; exactly 1
    /// below 1 MiB of traffic, where the slack covers any difference and a ratio would be noise.</summary>
    internal static uint RatioPpm(ulong meteredBytes, ulong ownBytes, uint tolerancePpm)
    {
        if (ownBytes < 1024 * 1024 || meteredBytes <= ownBytes)
        {
            return PartsPerMillion;
        }

        UInt128 ppm = (UInt128)meteredBytes * PartsPerMillion / ownBytes;
        uint max = PartsPerMillion + tolerancePpm;
        return ppm >= max ? max : (uint)ppm;
    }

    /// <summary>One more strike; the provider is left as an over-claimer at the configured number in a row.</summary>
    private PaymentEnd.OverClaim? OnOverClaim(Invoice invoice, ulong ownBytes)
    {
        _strikes++;
        WireAmount.TryRead(invoice.Owed, out BigInteger owed);
        ulong withSlack = ownBytes > ulong.MaxValue - _context.Options.SlackBytes ? ulong.MaxValue : ownBytes + _context.Options.SlackBytes;
        BigInteger allowance = PaymentMath.Allowance(withSlack, _context.Terms.PricePerGiB, _context.Options.TolerancePpm);
        int strikes = _context.Options.OverClaimStrikes;
        Log.InvoiceOverClaim(_context.Logger, _sessionId, invoice.Sequence, owed, invoice.MeteredBytes, allowance, ownBytes, _strikes, strikes);
        return _strikes < strikes
            ? null
            : new PaymentEnd.OverClaim(string.Create(CultureInfo.InvariantCulture,
                $"{_strikes} invoices in a row claimed more than the allowance; the last, {invoice.Sequence}, claimed {owed} for {invoice.MeteredBytes} bytes " +
                $"against an allowance of {allowance} for the {ownBytes} bytes measured here"));
    }
}
