using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.DataPlane;
using Dvpn.WireGuard;
using Google.Protobuf;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// One open session: who pays (signer, funder, token), its WireGuard key and tunnel addresses, its ledger and
/// commits, its usage as metered, and the payment stream attached to it. <see cref="Sync"/> guards the mutable
/// state; the ledger and commits are touched only under it.
/// </summary>
internal sealed class Session : IDisposable
{
    private readonly SessionCommits _commits = new();
    private readonly PaymentSettings _settings;
    private PaymentStream? _stream;
    private ulong _meteredBytes;
    private DateTimeOffset _lastActivity;
    private ulong _invoiceSequence;
    private DateTimeOffset? _overLimitSince;
    private int _ended;
    private int _paused;

    public Session(SessionId id, SessionRequest request, SessionAddresses addresses, PaymentSettings settings, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(settings);
        Id = id;
        Signer = request.Signer;
        Funder = request.Funder;
        Token = request.Token;
        WireGuardKey = new PublicKey(request.WireGuardPublicKey.Span);
        Addresses = addresses;
        OpenedAt = openedAt;
        ExpiresAt = openedAt + settings.SessionLifetime;
        Ledger = new CreditLedger(settings.PricePerGiB, settings.CreditLimit);
        _settings = settings;
        _lastActivity = openedAt;
    }

    public SessionId Id { get; }

    public EthAddress Signer { get; }

    public EthAddress Funder { get; }

    public EthAddress Token { get; }

    /// <summary>The lottery account that pays.</summary>
    public AccountKey Account => new(Token, Funder, Signer);

    public PublicKey WireGuardKey { get; }

    public SessionAddresses Addresses { get; }

    public DateTimeOffset OpenedAt { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Guards <see cref="Ledger"/>, <see cref="Commits"/> and the metering state.</summary>
    public Lock Sync { get; } = new();

    /// <summary>The running account. Under <see cref="Sync"/> only.</summary>
    public CreditLedger Ledger { get; }

    /// <summary>The reveals. Under <see cref="Sync"/> only.</summary>
    public SessionCommits Commits => _commits;

    /// <summary>True once the session has ended.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Serializes changes to the session's forwarding (pause, resume, the end's cut and uncut), so a resume can never
    /// undo the cut of an end, nor a pause cut addresses the end already gave back.
    /// </summary>
    public SemaphoreSlim ForwardingGate { get; } = new(1, 1);

    /// <summary>True while forwarding is cut because unpaid use is over the credit limit. Changed under <see cref="ForwardingGate"/> only.</summary>
    public bool IsPaused
    {
        get => Volatile.Read(ref _paused) != 0;
        set => Volatile.Write(ref _paused, value ? 1 : 0);
    }

    /// <summary>Why it ended, once it has.</summary>
    public CutOffReason EndReason { get; private set; }

    /// <summary>
    /// Takes the device's cumulative counters for the peer: usage goes to the ledger, and traffic or a newer handshake
    /// counts as activity. Returns the bytes metered since the last call.
    /// </summary>
    public ulong RecordCounters(PeerCounters counters, DateTimeOffset now)
    {
        lock (Sync)
        {
            ulong total = counters.TotalBytes;
            ulong delta = total > _meteredBytes ? total - _meteredBytes : 0;
            if (delta > 0)
            {
                _meteredBytes = total;
                _lastActivity = now;
            }

            if (counters.LastHandshake is { } handshake && handshake > _lastActivity)
            {
                _lastActivity = handshake;
            }

            Ledger.RecordUsage(total);
            return delta;
        }
    }

    /// <summary>
    /// Whether the session must end at <paramref name="now"/>, and why: unpaid use over the credit limit (strictly)
    /// continuously for <paramref name="pauseGrace"/> (it is paused meanwhile, see <see cref="CheckForwarding"/>), past its
    /// expiry, or no traffic and no handshake for <paramref name="idleTimeout"/>. Null while it may go on.
    /// </summary>
    public CutOffReason? CheckEnd(DateTimeOffset now, TimeSpan idleTimeout, TimeSpan pauseGrace)
    {
        lock (Sync)
        {
            if (TrackOverLimit(now) && now - _overLimitSince >= pauseGrace)
            {
                return CutOffReason.CreditExceeded;
            }

            if (now >= ExpiresAt)
            {
                return CutOffReason.SessionExpired;
            }

            return now - _lastActivity >= idleTimeout ? CutOffReason.Idle : null;
        }
    }

    /// <summary>
    /// What the session's forwarding needs now: <see cref="ForwardingChange.Pause"/> when unpaid use is over the credit
    /// limit and it is not paused, <see cref="ForwardingChange.Resume"/> when it is paused and paid back under the limit,
    /// otherwise <see cref="ForwardingChange.None"/>. Also restarts the grace period once the ledger is back under the limit.
    /// </summary>
    public ForwardingChange CheckForwarding(DateTimeOffset now)
    {
        lock (Sync)
        {
            bool over = TrackOverLimit(now);
            return (over, IsPaused) switch
            {
                (true, false) => ForwardingChange.Pause,
                (false, true) => ForwardingChange.Resume,
                _ => ForwardingChange.None,
            };
        }
    }

    /// <summary>
    /// Marks the session paused if it is over its credit limit and not paused yet; true when it did. Atomic with the
    /// ledger (under <see cref="Sync"/>), so a credit either lands first (no pause) or finds it paused (and resumes it).
    /// </summary>
    public bool TryMarkPaused(DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!TrackOverLimit(now) || IsPaused)
            {
                return false;
            }

            IsPaused = true;
            return true;
        }
    }

    /// <summary>When the current stretch over the credit limit began; null while under it.</summary>
    public DateTimeOffset? OverLimitSince
    {
        get
        {
            lock (Sync)
            {
                return _overLimitSince;
            }
        }
    }

    /// <summary>Under <see cref="Sync"/>: whether the ledger is over the limit, remembering since when (a stretch under it resets it).</summary>
    private bool TrackOverLimit(DateTimeOffset now)
    {
        if (!Ledger.IsOverLimit)
        {
            _overLimitSince = null;
            return false;
        }

        _overLimitSince ??= now;
        return true;
    }

    /// <summary>
    /// The next invoice: cumulative usage, owed, credited and the commit to use. A provider set to over-claim
    /// (<see cref="PaymentSettings.OverclaimPercent"/>, tests only) inflates the bytes here, and owed with them; the
    /// ledger keeps the true count.
    /// </summary>
    public Invoice CreateInvoice(DateTimeOffset now)
    {
        lock (Sync)
        {
            ulong invoiced = _settings.InvoicedBytes(Ledger.MeteredBytes);
            return new Invoice
            {
                Sequence = ++_invoiceSequence,
                MeteredBytes = invoiced,
                Owed = WireAmount.ToBytes(PaymentMath.Owed(invoiced, Ledger.PricePerGiB)),
                Credited = WireAmount.ToBytes(Ledger.Credited),
                Commit = ByteString.CopyFrom(_commits.Commit.Span),
                Timestamp = (ulong)now.ToUnixTimeSeconds(),
            };
        }
    }

    /// <summary>
    /// Attaches a payment call; a call already attached (a client that reconnected) is completed without a cut-off.
    /// False when the session has ended.
    /// </summary>
    public bool TryAttach(PaymentStream stream)
    {
        PaymentStream? previous;
        lock (Sync)
        {
            if (IsEnded)
            {
                return false;
            }

            previous = _stream;
            _stream = stream;
        }

        previous?.Complete(null);
        return true;
    }

    /// <summary>Detaches <paramref name="stream"/> if it is still the attached one.</summary>
    public void Detach(PaymentStream stream)
    {
        lock (Sync)
        {
            if (ReferenceEquals(_stream, stream))
            {
                _stream = null;
            }
        }
    }

    /// <summary>
    /// Marks the session ended (once: false if it already was) and completes the attached stream with a cut-off.
    /// </summary>
    public bool TryEnd(CutOffReason reason, string detail) => TryEnd(reason, detail, out _);

    /// <summary>As <see cref="TryEnd(CutOffReason, string)"/>, also giving the stream that was attached, if any.</summary>
    public bool TryEnd(CutOffReason reason, string detail, out PaymentStream? stream)
    {
        if (!TryBeginEnd(reason, out stream))
        {
            return false;
        }

        stream?.Complete(new CutOff { Reason = reason, Detail = detail });
        return true;
    }

    /// <summary>
    /// Marks the session ended (once; false when it already was) and detaches its payment stream without completing
    /// it, so the caller can stop the session's forwarding before the client hears of the end.
    /// </summary>
    public bool TryBeginEnd(CutOffReason reason, out PaymentStream? stream)
    {
        lock (Sync)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                stream = null;
                return false;
            }

            EndReason = reason;
            stream = _stream;
            _stream = null;
            return true;
        }
    }

    /// <summary>Wipes the reveals. Call after <see cref="TryEnd(CutOffReason, string)"/>.</summary>
    public void Dispose()
    {
        lock (Sync)
        {
            _commits.Dispose();
        }
    }
}
