using System.Numerics;
using System.Threading.Channels;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace Dvpn.Client.Tests.Payments;

/// <summary>
/// A PaymentService that a test scripts: it sends the invoices and cut-offs the test asks for, records every ticket
/// and answers each at once with a receipt (accepted, crediting its expected value, unless <see cref="Verdict"/> says
/// otherwise). Messages leave in the order they were queued, so an invoice queued after a receipt arrives after it.
/// One call per instance.
/// </summary>
internal sealed class ScriptedProvider : PaymentService.PaymentServiceBase
{
    /// <summary>How long a test waits for something the client must do: a deadline, not a measurement.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Channel<ProviderPaymentMessage> _outgoing = Channel.CreateUnbounded<ProviderPaymentMessage>();
    private readonly Channel<TicketMessage> _tickets = Channel.CreateUnbounded<TicketMessage>();
    private readonly TaskCompletionSource<PaymentHello> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _clientCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _callEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<TicketMessage> _received = [];
    private readonly BigInteger _pricePerGiB;
    private BigInteger _credited;
    private byte[] _commit;
    private ulong _sequence;

    public ScriptedProvider(BigInteger pricePerGiB, byte[] commit)
    {
        _pricePerGiB = pricePerGiB;
        _commit = commit;
    }

    /// <summary>The verdict for each ticket as it arrives; accepted by default.</summary>
    public Func<TicketMessage, TicketVerdict> Verdict { get; set; } = _ => TicketVerdict.Accepted;

    /// <summary>What receipts say is credited, given the true figure (a lying provider changes it).</summary>
    public Func<BigInteger, BigInteger> ReportedCredit { get; set; } = credited => credited;

    /// <summary>The client's hello.</summary>
    public Task<PaymentHello> Hello => _hello.Task;

    /// <summary>Completes when the client half-closes its side.</summary>
    public Task ClientCompleted => _clientCompleted.Task;

    /// <summary>Completes when the call has ended on this side (finished or cancelled).</summary>
    public Task CallEnded => _callEnded.Task;

    public BigInteger Credited
    {
        get
        {
            lock (_gate)
            {
                return _credited;
            }
        }
    }

    public byte[] Commit
    {
        get
        {
            lock (_gate)
            {
                return _commit;
            }
        }
    }

    public IReadOnlyList<TicketMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    private long _bytesSent;
    private int _invoicesQueued;

    /// <summary>Invoices queued with <see cref="SendInvoice"/>.</summary>
    public int InvoicesQueued => Volatile.Read(ref _invoicesQueued);

    private long _bytesReceived;

    /// <summary>Protobuf bytes this side wrote.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Protobuf bytes this side read (hello and tickets).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Moves to a new commit; the next invoices and receipts carry it.</summary>
    public void RotateCommit(byte[] commit)
    {
        lock (_gate)
        {
            _commit = commit;
        }
    }

    /// <summary>Queues an honest invoice for <paramref name="meteredBytes"/> (owed at the price), unless the test overrides fields.</summary>
    public Invoice SendInvoice(ulong meteredBytes, BigInteger? owed = null, ulong? sequence = null)
    {
        Invoice invoice;
        lock (_gate)
        {
            invoice = new Invoice
            {
                Sequence = sequence ?? ++_sequence,
                MeteredBytes = meteredBytes,
                Owed = WireAmount.ToBytes(owed ?? PaymentMath.Owed(meteredBytes, _pricePerGiB)),
                Credited = WireAmount.ToBytes(_credited),
                Commit = ByteString.CopyFrom(_commit),
                Timestamp = 1,
            };
        }

        Interlocked.Increment(ref _invoicesQueued);
        Post(new ProviderPaymentMessage { Invoice = invoice });
        return invoice;
    }

    /// <summary>Queues any message.</summary>
    public void Post(ProviderPaymentMessage message) => _outgoing.Writer.TryWrite(message);

    /// <summary>Queues a cut-off and ends the call after it.</summary>
    public void CutOff(CutOffReason reason, string detail)
    {
        Post(new ProviderPaymentMessage { CutOff = new CutOff { Reason = reason, Detail = detail } });
        _outgoing.Writer.TryComplete();
    }

    /// <summary>Ends the call after what is queued, with no cut-off.</summary>
    public void EndCall() => _outgoing.Writer.TryComplete();

    /// <summary>The next ticket the client sends; its receipt has been queued by the time this returns.</summary>
    public async Task<TicketMessage> NextTicketAsync() => await _tickets.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

    public override async Task Pay(IAsyncStreamReader<ClientPaymentMessage> requestStream, IServerStreamWriter<ProviderPaymentMessage> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.KindCase != ClientPaymentMessage.KindOneofCase.Hello)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "the first message must be a PaymentHello"));
            }

            Interlocked.Add(ref _bytesReceived, requestStream.Current.CalculateSize());
            _hello.TrySetResult(requestStream.Current.Hello);
            Task reading = ReadTicketsAsync(requestStream, context.CancellationToken);
            await foreach (ProviderPaymentMessage message in _outgoing.Reader.ReadAllAsync(context.CancellationToken))
            {
                Interlocked.Add(ref _bytesSent, message.CalculateSize()); // before the client can have it
                await responseStream.WriteAsync(message, context.CancellationToken);
            }

            _ = reading;
        }
        finally
        {
            _callEnded.TrySetResult();
        }
    }

    private async Task ReadTicketsAsync(IAsyncStreamReader<ClientPaymentMessage> requests, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                TicketMessage ticket = requests.Current.Ticket;
                Interlocked.Add(ref _bytesReceived, requests.Current.CalculateSize());
                TicketVerdict verdict = Verdict(ticket);
                TicketReceipt receipt;
                lock (_gate)
                {
                    _received.Add(ticket);
                    if (verdict == TicketVerdict.Accepted && WireAmount.TryRead(ticket.FaceValue, out BigInteger face))
                    {
                        _credited += TicketLottery.ExpectedValue(face, ticket.WinProb);
                    }

                    receipt = new TicketReceipt
                    {
                        Nonce = ticket.Nonce,
                        Verdict = verdict,
                        Credited = WireAmount.ToBytes(ReportedCredit(_credited)),
                        Commit = ByteString.CopyFrom(_commit),
                    };
                }

                Post(new ProviderPaymentMessage { Receipt = receipt });
                _tickets.Writer.TryWrite(ticket);
            }

            _clientCompleted.TrySetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or RpcException)
        {
            // The call was cancelled: what the client did is in the recorded tickets.
        }
    }
}
