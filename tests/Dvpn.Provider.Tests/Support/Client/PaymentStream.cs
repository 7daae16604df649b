using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>
/// The client end of one PaymentService.Pay call: sends the hello, records every invoice, receipt and cut-off the
/// provider sends, pays according to a <see cref="PaymentPolicy"/>, and lets the test send any ticket (good or
/// hostile) and await its receipt. Receipts come in the order tickets were sent, so they are matched first in,
/// first out.
/// </summary>
internal sealed class PaymentStream : IAsyncDisposable
{
    /// <summary>How long a ticket may stay unanswered.</summary>
    public static readonly TimeSpan ReceiptTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan DefaultTicketLifetime = TimeSpan.FromHours(2);

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ClientPaymentMessage, ProviderPaymentMessage> _call;
    private readonly ClientSession _session;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource<TicketReceipt>> _pending = new();
    private readonly List<Invoice> _invoices = [];
    private readonly List<TicketReceipt> _receipts = [];
    private readonly List<(Func<Invoice, bool> Match, TaskCompletionSource<Invoice> Seen)> _invoiceWaiters = [];
    private readonly TaskCompletionSource<CutOff> _cutOff = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private byte[] _commit;
    private bool _autoTicketInFlight;
    private Task _autoPayment = Task.CompletedTask;
    private PaymentPolicy _policy;

    private PaymentStream(ClientSession session, GrpcChannel channel, AsyncDuplexStreamingCall<ClientPaymentMessage, ProviderPaymentMessage> call,
        PaymentPolicy policy, TimeProvider time)
    {
        _session = session;
        _channel = channel;
        _call = call;
        _policy = policy;
        _time = time;
        _commit = session.Terms.Commit;
        _reading = ReadLoopAsync();
    }

    /// <summary>Completes when the provider ends the call; faults with the <see cref="RpcException"/> if it failed.</summary>
    public Task Ended => _reading;

    /// <summary>Completes when the provider sends a cut-off.</summary>
    public Task<CutOff> CutOff => _cutOff.Task;

    public PaymentPolicy Policy
    {
        get
        {
            lock (_gate)
            {
                return _policy;
            }
        }
    }

    /// <summary>
    /// Switches the payment policy and waits for an automatic payment in flight to get its receipt, so that tickets
    /// the test sends next get higher nonces than anything sent before.
    /// </summary>
    public async Task SetPolicyAsync(PaymentPolicy policy)
    {
        Task inFlight;
        lock (_gate)
        {
            _policy = policy;
            inFlight = _autoPayment;
        }

        await inFlight;
    }

    /// <summary>The commit the next ticket must carry, as the provider last said.</summary>
    public ReadOnlyMemory<byte> CurrentCommit
    {
        get
        {
            lock (_gate)
            {
                return _commit;
            }
        }
    }

    public IReadOnlyList<Invoice> Invoices
    {
        get
        {
            lock (_gate)
            {
                return [.. _invoices];
            }
        }
    }

    public IReadOnlyList<TicketReceipt> Receipts
    {
        get
        {
            lock (_gate)
            {
                return [.. _receipts];
            }
        }
    }

    public Invoice? LastInvoice
    {
        get
        {
            lock (_gate)
            {
                return _invoices.Count == 0 ? null : _invoices[^1];
            }
        }
    }

    /// <summary>Opens the call to the session's payment endpoint (inside the tunnel) and sends the hello.</summary>
    public static async Task<PaymentStream> OpenAsync(ClientSession session, PaymentPolicy policy, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        GrpcChannel channel = NamespaceHttp.CreateChannel(new Uri(session.Response.PaymentEndpoint), session.Client.Host);
        try
        {
            var client = new PaymentService.PaymentServiceClient(channel);
            AsyncDuplexStreamingCall<ClientPaymentMessage, ProviderPaymentMessage> call = client.Pay(cancellationToken: CancellationToken.None);
            await call.RequestStream.WriteAsync(
                new ClientPaymentMessage { Hello = new PaymentHello { SessionId = session.Response.SessionId } }, cancellationToken);
            return new PaymentStream(session, channel, call, policy, time);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A ticket for this session with the current commit, the next nonce, and a two-hour expiry, unless the caller
    /// changes it with <c>with</c>.
    /// </summary>
    public Ticket NewTicket(BigInteger faceValue, ulong winProb)
    {
        ulong now = (ulong)_time.GetUtcNow().ToUnixTimeSeconds();
        return new Ticket
        {
            Recipient = _session.Terms.Recipient,
            Commit = CurrentCommit,
            Issued = now,
            Nonce = _session.Account.NextNonce(),
            FaceValue = faceValue,
            WinProb = winProb,
            Expiry = now + (ulong)DefaultTicketLifetime.TotalSeconds,
            Token = ClientAccount.Token,
            Funder = _session.Account.Funder,
        };
    }

    /// <summary>A ticket that pays <paramref name="owed"/> in expectation, sized for the session's claim cost.</summary>
    public Ticket NewTicketFor(BigInteger owed)
    {
        TicketSize size = TicketLottery.Size(owed, _session.Terms.ClaimCost);
        return NewTicket(size.FaceValue, size.WinProb);
    }

    /// <summary>A ticket that wins for certain (win probability 2^64 - 1) at the suggested face value.</summary>
    public Ticket NewWinningTicket() => NewTicket(_session.Terms.SuggestedFaceValue, ulong.MaxValue);

    /// <summary>Signs <paramref name="ticket"/> with the session's signer, sends it, and returns the provider's receipt.</summary>
    public Task<TicketReceipt> PayAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        SendAsync(TicketWire.ToMessage(_session.Account.Signer.Sign(ticket)), cancellationToken);

    /// <summary>Sends an already built ticket message (possibly malformed or hostile) and returns its receipt.</summary>
    public async Task<TicketReceipt> SendAsync(TicketMessage message, CancellationToken cancellationToken = default)
    {
        Task<TicketReceipt> receipt = await WriteTicketAsync(message, cancellationToken);
        try
        {
            return await receipt.WaitAsync(ReceiptTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No receipt for ticket nonce {message.Nonce} within {ReceiptTimeout}.");
        }
    }

    /// <summary>Waits for an invoice (already received or not) that satisfies <paramref name="match"/>.</summary>
    public async Task<Invoice> WaitForInvoiceAsync(Func<Invoice, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var seen = new TaskCompletionSource<Invoice>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            Invoice? existing = _invoices.Find(i => match(i));
            if (existing is not null)
            {
                return existing;
            }

            _invoiceWaiters.Add((match, seen));
        }

        try
        {
            Task first = await Task.WhenAny(seen.Task, _reading).WaitAsync(timeout, cancellationToken);
            if (first != seen.Task)
            {
                await _reading; // rethrows a failed call
                throw new InvalidOperationException($"The payment stream ended before the expected invoice. Last invoice: {LastInvoice}");
            }

            return await seen.Task;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching invoice within {timeout}. Last invoice: {LastInvoice}");
        }
        finally
        {
            lock (_gate)
            {
                _invoiceWaiters.RemoveAll(w => w.Seen == seen);
            }
        }
    }

    /// <summary>Ends the client's side of the call and stops reading.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _writeGate.WaitAsync();
            try
            {
                await _call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
            {
                // Already ended by the provider.
            }
            finally
            {
                _writeGate.Release();
            }

            await _stop.CancelAsync();
            try
            {
                await _reading.WaitAsync(TimeSpan.FromSeconds(5));
            }
#pragma warning disable CA1031 // the outcome of the call was observed (or not needed) by the test
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
        finally
        {
            _call.Dispose();
            _channel.Dispose();
            _stop.Dispose();
            _writeGate.Dispose();
        }
    }

    private async Task<Task<TicketReceipt>> WriteTicketAsync(TicketMessage message, CancellationToken cancellationToken)
    {
        var receipt = new TaskCompletionSource<TicketReceipt>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
            {
                _pending.Enqueue(receipt);
            }

            await _call.RequestStream.WriteAsync(new ClientPaymentMessage { Ticket = message }, cancellationToken);
        }
        catch (Exception e)
        {
            receipt.TrySetException(e);
            throw;
        }
        finally
        {
            _writeGate.Release();
        }

        return receipt.Task;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                ProviderPaymentMessage message = _call.ResponseStream.Current;
                switch (message.KindCase)
                {
                    case ProviderPaymentMessage.KindOneofCase.Invoice:
                        OnInvoice(message.Invoice);
                        break;
                    case ProviderPaymentMessage.KindOneofCase.Receipt:
                        OnReceipt(message.Receipt);
                        break;
                    case ProviderPaymentMessage.KindOneofCase.CutOff:
                        _cutOff.TrySetResult(message.CutOff);
                        break;
                    default:
                        throw new InvalidDataException($"The provider sent a payment message of unknown kind {message.KindCase}.");
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                while (_pending.TryDequeue(out TaskCompletionSource<TicketReceipt>? orphan))
                {
                    orphan.TrySetException(new InvalidOperationException("The payment stream ended before this ticket's receipt."));
                }
            }

            _cutOff.TrySetCanceled();
        }
    }

    private void OnInvoice(Invoice invoice)
    {
        bool pay;
        TaskCompletionSource? done = null;
        lock (_gate)
        {
            _invoices.Add(invoice);
            if (invoice.Commit.Length == Ticket.CommitSize)
            {
                _commit = invoice.Commit.ToByteArray();
            }

            foreach ((Func<Invoice, bool> match, TaskCompletionSource<Invoice> seen) in _invoiceWaiters)
            {
                if (match(invoice))
                {
                    seen.TrySetResult(invoice);
                }
            }

            pay = _policy is PaymentPolicy.PayOwed && !_autoTicketInFlight;
            if (pay)
            {
                _autoTicketInFlight = true;
                done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _autoPayment = done.Task; // set before the payment starts, so SetPolicyAsync always sees it
            }
        }

        if (pay)
        {
            _ = PayInvoiceAsync(invoice, done!);
        }
    }

    private void OnReceipt(TicketReceipt receipt)
    {
        TaskCompletionSource<TicketReceipt>? waiter;
        lock (_gate)
        {
            _receipts.Add(receipt);
            if (receipt.Commit.Length == Ticket.CommitSize)
            {
                _commit = receipt.Commit.ToByteArray();
            }

            _pending.TryDequeue(out waiter);
        }

        waiter?.TrySetResult(receipt);
    }

    private async Task PayInvoiceAsync(Invoice invoice, TaskCompletionSource done)
    {
        try
        {
            if (Policy is not PaymentPolicy.PayOwed payOwed)
            {
                return;
            }

            BigInteger owed = SessionTerms.Amount(invoice.Owed, "owed");
            BigInteger credited = SessionTerms.Amount(invoice.Credited, "credited");
            lock (_gate)
            {
                // A receipt newer than the invoice knows more.
                if (_receipts.Count > 0)
                {
                    credited = BigInteger.Max(credited, SessionTerms.Amount(_receipts[^1].Credited, "credited"));
                }
            }

            BigInteger due = owed + payOwed.Prepay - credited;
            if (due.Sign > 0)
            {
                await PayAsync(NewTicketFor(due), _stop.Token);
            }
        }
#pragma warning disable CA1031 // automatic payment is best effort; the test asserts on receipts and invoices
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            lock (_gate)
            {
                _autoTicketInFlight = false;
            }

            done.TrySetResult();
        }
    }
}
