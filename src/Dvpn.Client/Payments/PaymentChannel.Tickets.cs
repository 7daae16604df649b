using System.Globalization;
using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Client.Events;
using Dvpn.Client.Persistence;
using Dvpn.Client.State;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;

namespace Dvpn.Client.Payments;

/// <summary>Tickets out and their receipts back: sized, authorized by the ledger, signed, sent, answered.</summary>
internal sealed partial class PaymentChannel
{
    /// <summary>Kept on top of the provider's minimum ticket lifetime: transit and clock skew.</summary>
    private static readonly TimeSpan LifetimeMargin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Tickets sent and not yet answered. The stream is ordered both ways, so several may be in flight (nonces still
    /// reach the provider in ledger order and receipts come back in the same order); a few let payments keep up with a
    /// fast flow without waiting a round trip per ticket.
    /// </summary>
    internal const int MaxTicketsInFlight = 4;

    // Touched only under the pay gate (read loop and pacer).
    private readonly Queue<(ulong Nonce, BigInteger Value)> _inFlight = new();

    /// <summary>
    /// The expected value of every ticket sent in this session, answered or not, accepted or refused: what the client
    /// has given away. Payment decisions count the larger of this and the provider's credited figure, so a provider
    /// that under-reports credit (or refuses tickets it may still claim) cannot make the client pay again.
    /// </summary>
    private BigInteger _sentValue;

    /// <summary>The expected value of the tickets the provider refused. Refusals happen to honest providers too (a
    /// commit rotated while the ticket was in flight), so up to one prepay window of refused value is paid again; a
    /// provider that refuses more is treated as broken, since it could still claim what it refused.</summary>
    private BigInteger _refusedValue;

    /// <summary>What the client counts as paid: its own total less the refused value it re-pays, or the provider's
    /// figure if that is ever higher.</summary>
    private BigInteger Paid => BigInteger.Max(_credited, _sentValue - BigInteger.Min(_refusedValue, _prepay));
    private int _refusals;

    /// <summary>Sizes, authorizes, signs and sends one ticket worth <paramref name="amount"/>; an end when it cannot.</summary>
    private async Task<PaymentEnd?> PayAsync(BigInteger amount)
    {
        Options.PaymentOptions options = _context.Options;
        BigInteger claimCost = TicketSizing.ClaimCost(_context.Terms.ClaimCost, _context.GasPrice(), options.ClaimGasPerTicket);
        if (!TicketSizing.TrySize(amount, claimCost, options.Efficiency, _context.MaxFaceValue, out TicketSize size, out string? problem))
        {
            Log.CannotSize(_context.Logger, _sessionId, problem);
            return new PaymentEnd.Failed(new DvpnClientException(ErrorCause.InsufficientFunds,
                $"The lottery account cannot pay this provider: {problem}.", isTransient: false));
        }

        var spend = new TicketSpend(_sessionId, _context.Provider.ToString(), _context.Signer.Address.ToString(), size.ExpectedValue,
            size.FaceValue, size.WinProb);
        ulong nonce;
        switch (_context.Authorize(spend))
        {
            case SpendDecision.CapReached cap:
                Log.CapReached(_context.Logger, _sessionId, cap.Cap, cap.Spent, cap.Limit);
                return new PaymentEnd.CapReached(cap.Cap, cap.Spent, cap.Limit);
            case SpendDecision.Authorized authorized:
                nonce = authorized.Nonce;
                foreach (SpendWarning warning in authorized.Warnings)
                {
                    _context.SpendWarned?.Invoke(warning);
                }

                break;
            default:
                throw new InvalidOperationException("the spend ledger gave an answer of an unknown kind");
        }

        DateTimeOffset now = _context.Time.GetUtcNow();
        TimeSpan lifetime = options.TicketLifetime > _context.Terms.MinTicketLifetime + LifetimeMargin
            ? options.TicketLifetime
            : _context.Terms.MinTicketLifetime + LifetimeMargin;
        var ticket = new Ticket
        {
            Recipient = _context.Terms.Recipient,
            Commit = _commit,
            Issued = (ulong)now.ToUnixTimeSeconds(),
            Nonce = nonce,
            FaceValue = size.FaceValue,
            WinProb = size.WinProb,
            Expiry = (ulong)(now + lifetime).ToUnixTimeSeconds(),
            Token = _context.Token,
            Funder = _context.Funder,
        };
        TicketMessage message = TicketWire.ToMessage(_context.Signer.Sign(ticket));
        _inFlight.Enqueue((nonce, size.ExpectedValue));
        _sentValue += size.ExpectedValue;
        await WriteAsync(new ClientPaymentMessage { Ticket = message }, _stop.Token).ConfigureAwait(false);
        _tally.TicketSent(size.ExpectedValue);
        Log.TicketSent(_context.Logger, _sessionId, nonce, size.ExpectedValue, size.FaceValue, size.WinProb);
        return null;
    }

    private PaymentEnd? OnReceipt(TicketReceipt receipt)
    {
        if (!_inFlight.TryPeek(out (ulong Nonce, BigInteger Value) waiting) || waiting.Nonce != receipt.Nonce)
        {
            return new PaymentEnd.ProtocolViolation(_inFlight.Count > 0
                ? string.Create(CultureInfo.InvariantCulture, $"a receipt for ticket {receipt.Nonce} while ticket {waiting.Nonce} awaits one")
                : string.Create(CultureInfo.InvariantCulture, $"a receipt for ticket {receipt.Nonce} while no ticket awaits one"));
        }

        if (!WireAmount.TryRead(receipt.Credited, out BigInteger credited) || receipt.Commit.Length != Ticket.CommitSize)
        {
            return new PaymentEnd.ProtocolViolation(string.Create(CultureInfo.InvariantCulture,
                $"the receipt for ticket {receipt.Nonce} is malformed (credited must be a uint256, commit 32 bytes)"));
        }

        _inFlight.Dequeue();
        _commit = receipt.Commit.ToByteArray();
        _credited = BigInteger.Max(_credited, credited);
        _tally.Credited(_credited);
        if (receipt.Verdict == TicketVerdict.Accepted)
        {
            _refusals = 0;
            return null;
        }

        _refusals++;
        _refusedValue += waiting.Value;
        if (_refusedValue > _prepay)
        {
            return new PaymentEnd.ProtocolViolation(string.Create(CultureInfo.InvariantCulture,
                $"the provider refused tickets worth {_refusedValue} in this session, more than one prepay window ({_prepay}); the last ({receipt.Nonce}) as {receipt.Verdict}"));
        }

        switch (receipt.Verdict)
        {
            case TicketVerdict.Replayed:
                Log.NonceReplayed(_context.Logger, _sessionId, receipt.Nonce);
                _context.RaiseNonceFloor(receipt.Nonce);
                break;
            case TicketVerdict.StaleCommit:
                Log.StaleCommit(_context.Logger, _sessionId, receipt.Nonce);
                break;
            default:
                Log.TicketRefused(_context.Logger, _sessionId, receipt.Nonce, receipt.Verdict);
                break;
        }

        return _refusals < MaxRefusalsInARow
            ? null
            : new PaymentEnd.ProtocolViolation(string.Create(CultureInfo.InvariantCulture,
                $"the provider refused {_refusals} tickets in a row, the last ({receipt.Nonce}) as {receipt.Verdict}"));
    }
}
