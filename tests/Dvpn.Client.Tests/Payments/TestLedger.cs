using System.Numerics;
using Dvpn.Client.Events;
using Dvpn.Client.Persistence;

namespace Dvpn.Client.Tests.Payments;

/// <summary>
/// A spend ledger in memory for the payment tests (the real ClientStore is tested on its own): hands out nonces one
/// above the last, refuses past an optional session cap, warns when spend crosses half of it, and records what it
/// was asked.
/// </summary>
internal sealed class TestLedger
{
    private readonly Lock _gate = new();
    private readonly List<TicketSpend> _authorized = [];
    private readonly List<ulong> _floors = [];
    private ulong _lastNonce;
    private BigInteger _spent;

    /// <summary>The session cap; null for none.</summary>
    public BigInteger? SessionCap { get; init; }

    public IReadOnlyList<TicketSpend> Authorized
    {
        get
        {
            lock (_gate)
            {
                return [.. _authorized];
            }
        }
    }

    public IReadOnlyList<ulong> Floors
    {
        get
        {
            lock (_gate)
            {
                return [.. _floors];
            }
        }
    }

    public SpendDecision Authorize(TicketSpend spend)
    {
        lock (_gate)
        {
            BigInteger after = _spent + spend.ExpectedValue;
            if (SessionCap is { } cap && after > cap)
            {
                return new SpendDecision.CapReached(SpendCap.Session, _spent, cap);
            }

            List<SpendWarning> warnings = [];
            if (SessionCap is { } c && _spent * 2 < c && after * 2 >= c)
            {
                warnings.Add(new SpendWarning(SpendCap.Session, after, c));
            }

            _spent = after;
            _authorized.Add(spend);
            return new SpendDecision.Authorized(++_lastNonce, warnings);
        }
    }

    public void RaiseNonceFloor(ulong atLeast)
    {
        lock (_gate)
        {
            _floors.Add(atLeast);
            _lastNonce = Math.Max(_lastNonce, atLeast);
        }
    }
}
