using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// The five timers of whitepaper §6 and the events that drive them, named like wireguard-go's (timers.go) so the two
/// can be read side by side. Events are called on every packet; <see cref="LazyTimer"/> keeps them cheap.
/// </summary>
internal sealed partial class Peer
{
    private readonly LazyTimer _retransmitHandshake;
    private readonly LazyTimer _sendKeepalive;
    private readonly LazyTimer _newHandshake;
    private readonly LazyTimer _zeroKeyMaterial;
    private readonly LazyTimer _persistentKeepalive;
    private volatile bool _needAnotherKeepalive;

    /// <summary>How many retransmissions of the current initiation were sent.</summary>
    internal int HandshakeAttempts => Volatile.Read(ref _handshakeAttempts);

    // Data was sent: if nothing authenticated comes back within KEEPALIVE + REKEY_TIMEOUT, start a handshake.
    private void TimersDataSent() => _newHandshake.ModifyIfNotPending(Limits.KeepaliveTimeout + Limits.RekeyTimeout);

    // Data was received: answer with a keepalive if we send nothing within KEEPALIVE_TIMEOUT.
    internal void TimersDataReceived()
    {
        if (!_sendKeepalive.IsPending)
        {
            _sendKeepalive.Modify(Limits.KeepaliveTimeout);
        }
        else
        {
            _needAnotherKeepalive = true;
        }
    }

    // Anything authenticated sent (data, keepalive, handshake) makes the pending keepalive unnecessary.
    private void TimersAnyAuthenticatedPacketSent() => _sendKeepalive.Delete();

    // Anything authenticated received shows the session works: no need for the new-handshake timer.
    internal void TimersAnyAuthenticatedPacketReceived() => _newHandshake.Delete();

    internal void TimersAnyAuthenticatedPacketTraversal()
    {
        ushort interval = PersistentKeepaliveInterval;
        if (interval > 0)
        {
            _persistentKeepalive.Modify(TimeSpan.FromSeconds(interval));
        }
    }

    private void TimersHandshakeInitiated() =>
        _retransmitHandshake.Modify(Limits.RekeyTimeout + TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32((int)Limits.RekeyTimeoutJitterMax.TotalMilliseconds + 1)));

    internal void TimersHandshakeComplete()
    {
        _retransmitHandshake.Delete();
        Volatile.Write(ref _handshakeAttempts, 0);
        ResetKeyFreshReceiving();
        MarkHandshakeComplete();
    }

    // A new session exists: destroy every key if no other handshake happens within 3 × REJECT_AFTER_TIME.
    private void TimersSessionDerived() => _zeroKeyMaterial.Modify(3 * Limits.RejectAfterTime);

    private void ExpiredRetransmitHandshake()
    {
        if (IsDisposed)
        {
            return;
        }

        if (Volatile.Read(ref _handshakeAttempts) > Limits.MaxTimerHandshakes)
        {
            // REKEY_ATTEMPT_TIME is over: give up, drop what waited, and zero the keys later unless a handshake succeeds.
            DeviceLog.HandshakeGaveUp(Device.Logger, Device.Name, Name, Limits.MaxTimerHandshakes + 2);
            _sendKeepalive.Delete();
            FlushStagedPackets();
            ClearHandshake();
            _zeroKeyMaterial.ModifyIfNotPending(3 * Limits.RejectAfterTime);
            return;
        }

        Interlocked.Increment(ref _handshakeAttempts);
        DeviceLog.HandshakeRetry(Device.Logger, Device.Name, Name, Volatile.Read(ref _handshakeAttempts));
        lock (_handshakeGate)
        {
            _lastSentHandshake = 0; // the rate limit applies to new handshakes, not to retransmissions that the timer paces
        }

        SendHandshakeInitiation(isRetry: true);
    }

    private void ExpiredSendKeepalive()
    {
        if (IsDisposed)
        {
            return;
        }

        SendKeepalive();
        if (_needAnotherKeepalive)
        {
            _needAnotherKeepalive = false;
            _sendKeepalive.Modify(Limits.KeepaliveTimeout);
        }
    }

    private void ExpiredNewHandshake()
    {
        if (IsDisposed)
        {
            return;
        }

        DeviceLog.NoReply(Device.Logger, Device.Name, Name, (Limits.KeepaliveTimeout + Limits.RekeyTimeout).TotalSeconds);
        SendHandshakeInitiation(isRetry: false);
    }

    private void ExpiredZeroKeyMaterial()
    {
        if (IsDisposed)
        {
            return;
        }

        DeviceLog.KeysZeroed(Device.Logger, Device.Name, Name);
        ZeroAndFlushAll();
    }

    private void ExpiredPersistentKeepalive()
    {
        if (!IsDisposed && PersistentKeepaliveInterval > 0)
        {
            SendKeepalive();
        }
    }
}
