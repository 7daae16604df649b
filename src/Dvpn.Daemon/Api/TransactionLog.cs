using System.Collections.Concurrent;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>The transactions this daemon sent since it started (GetTransaction). The library returns a hash only once
/// the transaction is mined and succeeded, so every entry is Succeeded; block and gas are not reported by the library
/// and stay 0. Kept in memory: a restart forgets them (the chain itself remembers).</summary>
internal sealed class TransactionLog
{
    private const int Capacity = 1000;
    private readonly ConcurrentDictionary<string, V1.Transaction> _sent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _order = new();

    public V1.Transaction Record(string hash)
    {
        var transaction = new V1.Transaction { Hash = hash, Status = V1.TransactionStatus.Succeeded };
        if (_sent.TryAdd(hash, transaction))
        {
            _order.Enqueue(hash);
            while (_order.Count > Capacity && _order.TryDequeue(out string? oldest))
            {
                _sent.TryRemove(oldest, out _);
            }
        }

        return transaction.Clone();
    }

    public V1.Transaction? Find(string hash) => _sent.TryGetValue(hash, out V1.Transaction? t) ? t.Clone() : null;
}
