using System.Net;
using System.Buffers.Binary;
using System.Net.Sockets;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Linux;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>The receive path: datagrams from the network, dispatched by type; data opened, checked and written to the interface.</summary>
internal sealed partial class WireGuardDevice
{
    private const int IPv4HeaderSize = 20;
    private const int IPv6HeaderSize = 40;

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[Limits.MaxMessageSize];
        SocketAddress source = new(AddressFamily.InterNetworkV6);
        DatagramBatch? batch = null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                IDatagramTransport transport = Volatile.Read(ref _transport);
                if (OperatingSystem.IsLinux() && transport is UdpTransport udp && ReceiveBatchSize > 1)
                {
                    // recvmmsg: everything already queued in one system call.
                    batch ??= new DatagramBatch(ReceiveBatchSize, Limits.MaxMessageSize);
                    int count = udp.ReceiveBatch(batch);
                    for (int i = 0; i < count; i++)
                    {
                        batch.GetAddress(i, source);
                        HandleDatagram(batch.GetBuffer(i)[..batch.GetLength(i)], source);
                    }

                    continue;
                }

                source.Size = source.Buffer.Length;
                int length = transport.Receive(buffer, source);
                if (length < 0)
                {
                    // Disposed: either the device stops, or the listen port changed and a new transport took over.
                    continue;
                }

                HandleDatagram(buffer.AsSpan(0, length), source);
            }
        }
#pragma warning disable CA1031 // the loop must log what killed it; the device is unusable afterwards either way
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_stopping.IsCancellationRequested)
            {
                DeviceLog.LoopFailed(Logger, e, Name, "receive");
                _closed.TrySetException(e);
            }
        }
    }

    /// <summary>Datagrams taken per recvmmsg call on a UDP socket (1: one recvfrom per datagram). Default 16; set before <see cref="Start"/>.</summary>
    public int ReceiveBatchSize { get; init; } = 16;

    /// <summary>One datagram from the network. Garbage of any shape is dropped and counted, never thrown.</summary>
    internal void HandleDatagram(Span<byte> datagram, SocketAddress source)
    {
        if (datagram.Length < MessageHeader.Size || datagram[1] != 0 || datagram[2] != 0 || datagram[3] != 0)
        {
            Interlocked.Increment(ref Counters._malformed);
            return;
        }

        switch ((MessageType)datagram[0])
        {
            case MessageType.TransportData:
                HandleData(datagram, source);
                break;
            case MessageType.HandshakeInitiation when datagram.Length == HandshakeInitiation.Size:
            case MessageType.HandshakeResponse when datagram.Length == HandshakeResponse.Size:
                QueueHandshake(datagram, source);
                break;
            case MessageType.CookieReply when datagram.Length == CookieReply.Size:
                HandleCookieReply(datagram);
                break;
            default:
                Interlocked.Increment(ref Counters._malformed);
                break;
        }
    }

    private void QueueHandshake(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        SocketAddress copy = new(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        if (!_handshakes.Writer.TryWrite(new HandshakeWork(datagram.ToArray(), copy)))
        {
            Interlocked.Increment(ref Counters._handshakeQueueFull);
        }
    }

    private void HandleCookieReply(ReadOnlySpan<byte> datagram)
    {
        uint receiver = BinaryPrimitives.ReadUInt32LittleEndian(datagram[CookieReply.ReceiverOffset..]);
        if (!Indexes.TryGetValue(receiver, out object? entry) || entry is not PendingInitiation pending)
        {
            Interlocked.Increment(ref Counters._unknownIndex);
            return;
        }

        if (!pending.Peer.ConsumeCookieReply(pending, datagram))
        {
            Interlocked.Increment(ref Counters._authenticationFailed);
        }
    }

    private void HandleData(Span<byte> datagram, SocketAddress source)
    {
        if (!TransportData.TryRead(datagram, out TransportData data))
        {
            Interlocked.Increment(ref Counters._malformed);
            return;
        }

        if (!Indexes.TryGetValue(data.Receiver, out object? entry) || entry is not Keypair keypair)
        {
            Interlocked.Increment(ref Counters._unknownIndex);
            return;
        }

        ulong counter = data.Counter;
        if (TimeProvider.GetElapsedTime(keypair.CreatedTimestamp) >= Limits.RejectAfterTime)
        {
            Interlocked.Increment(ref Counters._expiredKey);
            return;
        }

        if (!keypair.Replay.IsAcceptable(counter))
        {
            Interlocked.Increment(ref Counters._replayed);
            return;
        }

        // Opened in place: the plaintext lands where the ciphertext was.
        Span<byte> sealedPart = datagram[TransportData.HeaderSize..];
        Span<byte> plaintext = sealedPart[..^Aead.TagSize];
        if (!keypair.TryOpen(counter, sealedPart, plaintext))
        {
            Interlocked.Increment(ref Counters._authenticationFailed);
            return;
        }

        if (!keypair.Replay.TryAccept(counter))
        {
            Interlocked.Increment(ref Counters._replayed);
            return;
        }

        Peer peer = keypair.Peer;
        if (peer.ReceivedWithKeypair(keypair))
        {
            // We were the responder: the initiator's first packet under the new session completes the handshake.
            peer.TimersHandshakeComplete();
            DeviceLog.HandshakeCompleted(Logger, Name, peer.Name, false);
            peer.SendStagedPackets();
        }

        peer.KeepKeyFreshReceiving();
        peer.UpdateEndpoint(source);
        peer.TimersAnyAuthenticatedPacketTraversal();
        peer.TimersAnyAuthenticatedPacketReceived();
        peer.CountReceived(datagram.Length);

        if (plaintext.IsEmpty)
        {
            return; // a keepalive
        }

        int packetLength = IpPacketLength(plaintext);
        if (packetLength <= 0)
        {
            Interlocked.Increment(ref Counters._malformed);
            return;
        }

        ReadOnlySpan<byte> packet = plaintext[..packetLength];
        if (AllowedIps.LookupSource(packet) != peer)
        {
            Interlocked.Increment(ref Counters._disallowedSource);
            return;
        }

        if (!peer.Forwarding)
        {
            Interlocked.Increment(ref Counters._paused);
            return;
        }

        peer.TimersDataReceived();
        peer.CountReceivedPacket(packetLength);
        _interface.Write(packet);
    }

    /// <summary>The length an IP header declares, when it fits in the (padded) plaintext; 0 for anything that is not a whole IPv4 or IPv6 packet.</summary>
    internal static int IpPacketLength(ReadOnlySpan<byte> plaintext)
    {
        switch (plaintext[0] >> 4)
        {
            case 4 when plaintext.Length >= IPv4HeaderSize:
                int total = BinaryPrimitives.ReadUInt16BigEndian(plaintext[2..]);
                return total >= IPv4HeaderSize && total <= plaintext.Length ? total : 0;
            case 6 when plaintext.Length >= IPv6HeaderSize:
                int length = IPv6HeaderSize + BinaryPrimitives.ReadUInt16BigEndian(plaintext[4..]);
                return length <= plaintext.Length ? length : 0;
            default:
                return 0;
        }
    }
}
