using System.Numerics;

namespace Dvpn.Client.Payments;

/// <summary>The running figures behind <see cref="PaymentCounters"/>: written by the stream, read by anyone.</summary>
internal sealed class PaymentTally
{
    private readonly Lock _gate = new();
    private long _ticketsSent;
    private BigInteger _expectedValueSent;
    private BigInteger _credited;
    private BigInteger _lastOwed;
    private ulong _lastMeteredBytes;
    private long _invoicesReceived;
    private long _bytesSent;
    private long _bytesReceived;

    /// <summary>A message of <paramref name="size"/> protobuf bytes went to the provider.</summary>
    public void Sent(int size)
    {
        lock (_gate)
        {
            _bytesSent += size;
        }
    }

    /// <summary>A message of <paramref name="size"/> protobuf bytes came from the provider.</summary>
    public void Received(int size)
    {
        lock (_gate)
        {
            _bytesReceived += size;
        }
    }

    /// <summary>A ticket worth <paramref name="expectedValue"/> went out.</summary>
    public void TicketSent(BigInteger expectedValue)
    {
        lock (_gate)
        {
            _ticketsSent++;
            _expectedValueSent += expectedValue;
        }
    }

    /// <summary>An invoice stating <paramref name="meteredBytes"/> arrived.</summary>
    public void InvoiceReceived(ulong meteredBytes)
    {
        lock (_gate)
        {
            _invoicesReceived++;
            _lastMeteredBytes = meteredBytes;
        }
    }

    /// <summary>The last fair invoice's owed amount.</summary>
    public void FairOwed(BigInteger owed)
    {
        lock (_gate)
        {
            _lastOwed = owed;
        }
    }

    /// <summary>What the provider last said it credited.</summary>
    public void Credited(BigInteger credited)
    {
        lock (_gate)
        {
            _credited = credited;
        }
    }

    /// <summary>The figures now.</summary>
    public PaymentCounters Snapshot()
    {
        lock (_gate)
        {
            return new PaymentCounters(_ticketsSent, _expectedValueSent, _credited, _lastOwed, _lastMeteredBytes, _invoicesReceived,
                _bytesSent, _bytesReceived);
        }
    }
}
