using System.Net;
using System.Buffers.Binary;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// The handshake worker: initiations and responses, off the receive path. Past an eighth of the queue the device is
/// under load (§5.4.7): a message must then carry a valid mac2 (the cookie of its source) or it gets a cookie reply
/// instead of public-key work.
/// </summary>
internal sealed partial class WireGuardDevice
{
    private async Task HandshakeLoopAsync()
    {
        System.Threading.Channels.ChannelReader<HandshakeWork> reader = _handshakes.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out HandshakeWork? work))
                {
                    HandleHandshake(work.Message, work.Source, IsUnderLoad);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // stopping
        }
#pragma warning disable CA1031 // the loop must log what killed it
        catch (Exception e)
#pragma warning restore CA1031
        {
            DeviceLog.LoopFailed(Logger, e, Name, "handshake");
        }
    }

    /// <summary>Whether handshake messages pile up: then mac2 is demanded.</summary>
    internal bool IsUnderLoad => _handshakes.Reader.Count > Limits.HandshakeQueueCapacity / 8 || ForceUnderLoad;

    /// <summary>For tests: behave as under load whatever the queue holds.</summary>
    internal bool ForceUnderLoad { get; set; }

    /// <summary>One initiation or response (already checked for type and length).</summary>
    internal void HandleHandshake(ReadOnlySpan<byte> message, SocketAddress source, bool underLoad)
    {
        StaticIdentity? identity = Identity;
        if (identity is null)
        {
            return;
        }

        bool isInitiation = message[0] == (byte)MessageType.HandshakeInitiation;
        int mac1Offset = isInitiation ? HandshakeInitiation.Mac1Offset : HandshakeResponse.Mac1Offset;
        int mac2Offset = isInitiation ? HandshakeInitiation.Mac2Offset : HandshakeResponse.Mac2Offset;
        if (!MacKeys.VerifyMac1(identity.Mac1Key, message, mac1Offset))
        {
            Interlocked.Increment(ref Counters._authenticationFailed);
            return;
        }

        if (underLoad && !_cookies.VerifyMac2(message, mac2Offset, source))
        {
            uint sender = BinaryPrimitives.ReadUInt32LittleEndian(message[HandshakeInitiation.SenderOffset..]);
            Span<byte> reply = stackalloc byte[CookieReply.Size];
            _cookies.WriteReply(identity.PublicKey, sender, message.Slice(mac1Offset, Blake2s.MacSize), source, reply);
            Send(reply, source);
            Interlocked.Increment(ref Counters._cookieRepliesSent);
            DeviceLog.CookieReplySent(Logger, Name);
            return;
        }

        if (isInitiation)
        {
            ConsumeInitiation(identity, message, source);
        }
        else
        {
            ConsumeResponse(message, source);
        }
    }

    private void ConsumeInitiation(StaticIdentity identity, ReadOnlySpan<byte> message, SocketAddress source)
    {
        if (!Handshake.TryConsumeInitiation(identity, message, out Handshake? handshake))
        {
            Interlocked.Increment(ref Counters._authenticationFailed);
            return;
        }

        using (handshake)
        {
            Peer? peer = FindPeer(handshake.RemoteStatic);
            if (peer is null)
            {
                Interlocked.Increment(ref Counters._handshakeRejected);
                DeviceLog.InitiationRefused(Logger, Name, "unknown peer");
                return;
            }

            if (!peer.AcceptInitiation(handshake, source))
            {
                Interlocked.Increment(ref Counters._handshakeRejected);
                DeviceLog.InitiationRefused(Logger, Name, "replayed timestamp or too frequent");
            }
        }
    }

    private void ConsumeResponse(ReadOnlySpan<byte> message, SocketAddress source)
    {
        uint receiver = BinaryPrimitives.ReadUInt32LittleEndian(message[HandshakeResponse.ReceiverOffset..]);
        if (!Indexes.TryGetValue(receiver, out object? entry) || entry is not PendingInitiation pending)
        {
            Interlocked.Increment(ref Counters._unknownIndex);
            return;
        }

        if (!pending.Peer.ConsumeResponse(pending, message, source))
        {
            Interlocked.Increment(ref Counters._handshakeRejected);
        }
    }
}
