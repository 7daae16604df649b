namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>The three sessions of whitepaper §6.1 and their rotation.</summary>
internal sealed partial class Peer
{
    private readonly Lock _keypairGate = new();
    private Keypair? _previous;
    private Keypair? _current;
    private Keypair? _next;

    /// <summary>The session data is sent with (the hot path reads it without a lock).</summary>
    public Keypair? Current => Volatile.Read(ref _current);

    /// <summary>A responder's new session, waiting for the initiator's first data packet before it is used to send.</summary>
    public Keypair? Next => Volatile.Read(ref _next);

    /// <summary>The session before <see cref="Current"/>, kept for packets still in flight.</summary>
    public Keypair? Previous => Volatile.Read(ref _previous);

    /// <summary>Whether <paramref name="keypair"/> may still send: not exhausted, not older than REJECT_AFTER_TIME.</summary>
    internal bool CanSendWith(Keypair? keypair) =>
        keypair is not null && !keypair.IsDisposed
        && keypair.NextSendCounter < Limits.RejectAfterMessages
        && Device.TimeProvider.GetElapsedTime(keypair.CreatedTimestamp) < Limits.RejectAfterTime;

    /// <summary>
    /// Installs a session that a handshake just derived. An initiator uses it at once (the response proved the peer
    /// has it); a responder puts it in "next" and keeps sending with the old one until the initiator's first data
    /// packet confirms the handshake (§6.1: the responder must not send first with new keys).
    /// </summary>
    internal void BeginSession(Keypair keypair)
    {
        Keypair? retiredA = null, retiredB = null;
        lock (_keypairGate)
        {
            Keypair? previous = _previous, next = _next, current = _current;
            if (keypair.IsInitiator)
            {
                if (next is not null)
                {
                    Volatile.Write(ref _next, null);
                    Volatile.Write(ref _previous, next);
                    retiredA = current;
                }
                else
                {
                    Volatile.Write(ref _previous, current);
                }

                retiredB = previous;
                Volatile.Write(ref _current, keypair);
            }
            else
            {
                Volatile.Write(ref _next, keypair);
                retiredA = next;
                Volatile.Write(ref _previous, null);
                retiredB = previous;
            }
        }

        Device.RetireKeypair(retiredA);
        Device.RetireKeypair(retiredB);
    }

    /// <summary>
    /// Data arrived under "next": the initiator has the session, so it becomes current (§6.1). True when this rotated
    /// the keys (the handshake is then complete for us, the responder).
    /// </summary>
    internal bool ReceivedWithKeypair(Keypair keypair)
    {
        if (Volatile.Read(ref _next) != keypair)
        {
            return false;
        }

        Keypair? retired;
        lock (_keypairGate)
        {
            if (_next != keypair)
            {
                return false;
            }

            retired = _previous;
            Volatile.Write(ref _previous, _current);
            Volatile.Write(ref _current, keypair);
            Volatile.Write(ref _next, null);
        }

        Device.RetireKeypair(retired);
        return true;
    }

    /// <summary>Destroys every session and the handshake in flight, zeroing their keys (§6.3, after 3 × REJECT_AFTER_TIME), and drops staged packets.</summary>
    internal void ZeroAndFlushAll()
    {
        Keypair? previous, current, next;
        lock (_keypairGate)
        {
            previous = _previous;
            current = _current;
            next = _next;
            Volatile.Write(ref _previous, null);
            Volatile.Write(ref _current, null);
            Volatile.Write(ref _next, null);
        }

        Device.RetireKeypair(previous);
        Device.RetireKeypair(current);
        Device.RetireKeypair(next);
        ClearHandshake();
        FlushStagedPackets();
    }

    /// <summary>Makes the current session unusable for sending so the next packet starts a handshake (after a private key change).</summary>
    internal void ExpireCurrentKeypairs()
    {
        ZeroAndFlushAll();
        lock (_handshakeGate)
        {
            _lastSentHandshake = 0;
        }
    }
}
