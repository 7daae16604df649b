using System.Net;

using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>Handshakes with this peer: initiations we send (rate-limited, retried, with mac2 when we hold a cookie) and what we accept.</summary>
internal sealed partial class Peer
{
    private readonly Lock _handshakeGate = new();
    private readonly byte[] _lastSentMac1 = new byte[Blake2s.MacSize];
    private readonly byte[] _cookie = new byte[Cookies.CookieSize];
    private readonly byte[] _greatestTimestamp = new byte[Tai64N.Size];
    private PendingInitiation? _pending;
    private long _lastSentHandshake; // timestamp; 0 = never
    private long _cookieTimestamp; // timestamp; 0 = no cookie
    private long _lastInitiationConsumed; // timestamp; 0 = never
    private int _handshakeAttempts;

    /// <summary>
    /// Sends a handshake initiation (§5.4.2) unless one went out less than REKEY_TIMEOUT ago. A retry (from the
    /// retransmission timer) keeps the attempt count; anything else starts it over.
    /// </summary>
    internal void SendHandshakeInitiation(bool isRetry)
    {
        if (!isRetry)
        {
            Volatile.Write(ref _handshakeAttempts, 0);
        }

        StaticIdentity? identity = Device.Identity;
        if (identity is null || IsDisposed)
        {
            return;
        }

        Span<byte> message = stackalloc byte[HandshakeInitiation.Size];
        TimeProvider time = Device.TimeProvider;
        lock (_handshakeGate)
        {
            if (_lastSentHandshake != 0 && time.GetElapsedTime(_lastSentHandshake) < Limits.RekeyTimeout)
            {
                return;
            }

            _lastSentHandshake = time.GetTimestamp();
            ClearPendingLocked();
            Handshake handshake = Handshake.CreateInitiator(identity, PublicKey, PresharedKeyOrEmpty);
            if (!handshake.CreateInitiation(time.GetUtcNow(), message))
            {
                handshake.Dispose();
                return;
            }

            PendingInitiation pending = new(this, handshake);
            if (!Device.Indexes.TryAdd(handshake.LocalIndex, pending))
            {
                // A 1-in-4-billion collision with a live index: skip this round, the retransmission timer retries.
                handshake.Dispose();
                return;
            }

            _pending = pending;
            message.Slice(HandshakeInitiation.Mac1Offset, Blake2s.MacSize).CopyTo(_lastSentMac1);
            if (_cookieTimestamp != 0 && time.GetElapsedTime(_cookieTimestamp) < Limits.CookieRefreshTime)
            {
                Cookies.WriteMac2(_cookie, message, HandshakeInitiation.Mac2Offset);
            }
        }

        DeviceLog.InitiationSent(Device.Logger, Device.Name, Name, Volatile.Read(ref _handshakeAttempts));
        SendMessage(message);
        TimersAnyAuthenticatedPacketTraversal();
        TimersAnyAuthenticatedPacketSent();
        TimersHandshakeInitiated();
    }

    /// <summary>A response to our pending initiation (from the handshake worker): on success the new session is installed and a keepalive confirms it.</summary>
    internal bool ConsumeResponse(PendingInitiation pending, ReadOnlySpan<byte> message, SocketAddress source)
    {
        TransportKeys? keys;
        lock (_handshakeGate)
        {
            if (_pending != pending || !pending.Handshake.TryConsumeResponse(message, out keys))
            {
                return false;
            }

            Device.RemoveIndex(pending.Handshake.LocalIndex, pending);
            _pending = null;
            pending.Handshake.Dispose();
        }

        using (keys)
        {
            Keypair keypair = new(keys, this, Device.TimeProvider.GetTimestamp());
            Device.Indexes[keypair.LocalIndex] = keypair;
            BeginSession(keypair);
        }

        UpdateEndpoint(source);
        MarkHandshakeComplete();
        DeviceLog.HandshakeCompleted(Device.Logger, Device.Name, Name, true);
        TimersSessionDerived();
        TimersHandshakeComplete();
        TimersAnyAuthenticatedPacketTraversal();
        TimersAnyAuthenticatedPacketReceived();
        // The initiator confirms the session with a packet (staged data, or a keepalive) so the responder can use it.
        SendKeepalive();
        return true;
    }

    /// <summary>
    /// An initiation from this peer authenticated: accept it only if its timestamp is newer than any before (§5.1,
    /// replay) and it does not come faster than the flood limit; then answer it and hold the new session as "next".
    /// </summary>
    internal bool AcceptInitiation(Handshake handshake, SocketAddress source)
    {
        Span<byte> response = stackalloc byte[HandshakeResponse.Size];
        TransportKeys? keys;
        TimeProvider time = Device.TimeProvider;
        lock (_handshakeGate)
        {
            if (!Tai64N.IsAfter(handshake.Timestamp, _greatestTimestamp)
                || (_lastInitiationConsumed != 0 && time.GetElapsedTime(_lastInitiationConsumed) < Limits.HandshakeInitiationRate))
            {
                return false;
            }

            handshake.Timestamp.CopyTo(_greatestTimestamp);
            _lastInitiationConsumed = time.GetTimestamp();
            if (!handshake.CreateResponse(PresharedKeyOrEmpty, response, out keys))
            {
                return false;
            }

            if (_cookieTimestamp != 0 && time.GetElapsedTime(_cookieTimestamp) < Limits.CookieRefreshTime)
            {
                Cookies.WriteMac2(_cookie, response, HandshakeResponse.Mac2Offset);
            }
        }

        using (keys)
        {
            Keypair keypair = new(keys, this, time.GetTimestamp());
            if (!Device.Indexes.TryAdd(keypair.LocalIndex, keypair))
            {
                keypair.Dispose();
                return false;
            }

            BeginSession(keypair);
        }

        UpdateEndpoint(source);
        TimersAnyAuthenticatedPacketTraversal();
        TimersAnyAuthenticatedPacketReceived();
        SendMessage(response);
        TimersSessionDerived();
        TimersAnyAuthenticatedPacketTraversal();
        TimersAnyAuthenticatedPacketSent();
        return true;
    }

    /// <summary>A cookie reply for our pending initiation (§5.4.7): keep the cookie for the mac2 of the next initiation.</summary>
    internal bool ConsumeCookieReply(PendingInitiation pending, ReadOnlySpan<byte> message)
    {
        lock (_handshakeGate)
        {
            if (_pending != pending || !Cookies.TryOpenReply(PublicKey, _lastSentMac1, message, _cookie))
            {
                return false;
            }

            _cookieTimestamp = Device.TimeProvider.GetTimestamp();
            return true;
        }
    }

    private void ClearPendingLocked()
    {
        if (_pending is { } pending)
        {
            Device.RemoveIndex(pending.Handshake.LocalIndex, pending);
            pending.Handshake.Dispose();
            _pending = null;
        }
    }

    private void ClearHandshake()
    {
        lock (_handshakeGate)
        {
            ClearPendingLocked();
        }
    }

    /// <summary>For tests: the greatest initiation timestamp accepted.</summary>
    internal byte[] GreatestTimestamp
    {
        get
        {
            lock (_handshakeGate)
            {
                return (byte[])_greatestTimestamp.Clone();
            }
        }
    }

    /// <summary>Zeroes the held cookie (on dispose).</summary>
    private void ZeroCookie()
    {
        lock (_handshakeGate)
        {
            CryptographicOperations.ZeroMemory(_cookie);
            _cookieTimestamp = 0;
        }
    }

    /// <summary>For tests: whether a fresh cookie is held.</summary>
    internal bool HasCookie
    {
        get
        {
            lock (_handshakeGate)
            {
                return _cookieTimestamp != 0 && Device.TimeProvider.GetElapsedTime(_cookieTimestamp) < Limits.CookieRefreshTime;
            }
        }
    }

}
