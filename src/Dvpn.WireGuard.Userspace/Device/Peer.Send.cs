using System.Buffers;
using System.Net;
using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>Sending: the per-packet fast path, staging while a handshake runs, keepalives, and rekeying when keys get old.</summary>
internal sealed partial class Peer
{
    private int _keyFreshReceivingTried;

    /// <summary>
    /// The data path (interface read thread): seals <paramref name="buffer"/>'s packet, which starts at
    /// <see cref="TransportData.HeaderSize"/> and has room for padding and the tag after it, in place and sends it.
    /// Without a usable session the packet is staged and a handshake starts. With <paramref name="coalescer"/> (the send
    /// thread's), the sealed message joins a run that leaves in one system call.
    /// </summary>
    internal void SendPacket(Span<byte> buffer, int packetLength, SendCoalescer? coalescer = null)
    {
        Keypair? keypair = Current;
        if (!_staged.IsEmpty || !CanSendWith(keypair))
        {
            Stage(buffer.Slice(TransportData.HeaderSize, packetLength));
            SendStagedPackets();
            return;
        }

        if (!keypair!.TrySeal(buffer.Slice(TransportData.HeaderSize, packetLength), buffer, out int length, out ulong counter))
        {
            Stage(buffer.Slice(TransportData.HeaderSize, packetLength));
            SendStagedPackets();
            return;
        }

        CountForwardedPacket(packetLength);
        if (coalescer is null)
        {
            SendMessage(buffer[..length]);
        }
        else
        {
            coalescer.Add(this, buffer[..length]);
        }

        TimersAnyAuthenticatedPacketTraversal();
        TimersAnyAuthenticatedPacketSent();
        TimersDataSent();
        KeepKeyFreshSending(keypair, counter);
    }

    /// <summary>Sends a keepalive (an empty data message), or the staged packets when there are some.</summary>
    internal void SendKeepalive()
    {
        if (_staged.IsEmpty)
        {
            Stage([]);
        }

        SendStagedPackets();
    }

    /// <summary>Seals and sends the staged packets with the current session, or starts a handshake when there is none.</summary>
    internal void SendStagedPackets()
    {
        Keypair? keypair = Current;
        if (!CanSendWith(keypair))
        {
            SendHandshakeInitiation(isRetry: false);
            return;
        }

        byte[] message = ArrayPool<byte>.Shared.Rent(Limits.MaxMessageSize);
        try
        {
            ulong counter = 0;
            bool sentAny = false;
            while (_staged.TryDequeue(out StagedPacket staged))
            {
                try
                {
                    ReadOnlySpan<byte> packet = staged.Buffer.AsSpan(0, staged.Length);
                    if (!keypair!.TrySeal(packet, message, out int length, out counter))
                    {
                        break;
                    }

                    if (staged.Length > 0)
                    {
                        CountForwardedPacket(staged.Length);
                    }

                    SendMessage(message.AsSpan(0, length));
                    sentAny = true;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(staged.Buffer);
                }
            }

            if (sentAny)
            {
                TimersAnyAuthenticatedPacketTraversal();
                TimersAnyAuthenticatedPacketSent();
                TimersDataSent();
                KeepKeyFreshSending(keypair!, counter);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private void Stage(ReadOnlySpan<byte> packet)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(packet.Length, 1) + TransportData.PaddingMultiple + Aead.TagSize);
        packet.CopyTo(buffer);
        _staged.Enqueue(new StagedPacket(buffer, packet.Length));
        while (_staged.Count > Limits.MaxStagedPackets && _staged.TryDequeue(out StagedPacket dropped))
        {
            ArrayPool<byte>.Shared.Return(dropped.Buffer);
        }
    }

    private void FlushStagedPackets()
    {
        while (_staged.TryDequeue(out StagedPacket dropped))
        {
            ArrayPool<byte>.Shared.Return(dropped.Buffer);
        }
    }

    internal void CountTransmitted(long bytes) => Interlocked.Add(ref _transmittedBytes, bytes);

    /// <summary>Sends one message to the current endpoint and counts it.</summary>
    internal void SendMessage(ReadOnlySpan<byte> message)
    {
        SocketAddress? endpoint = Endpoint;
        if (endpoint is null)
        {
            Interlocked.Increment(ref Device.Counters._noEndpoint);
            return;
        }

        if (Device.Send(message, endpoint))
        {
            Interlocked.Add(ref _transmittedBytes, message.Length);
        }
    }

    // §6.2: the initiator of the current session rekeys once it is old or has sent many messages.
    private void KeepKeyFreshSending(Keypair keypair, ulong counter)
    {
        if (keypair.IsInitiator
            && (counter > Limits.RekeyAfterMessages || Device.TimeProvider.GetElapsedTime(keypair.CreatedTimestamp) > Limits.RekeyAfterTime))
        {
            SendHandshakeInitiation(isRetry: false);
        }
    }

    // §6.2: an initiator receiving on a session about to pass REJECT_AFTER_TIME rekeys now rather than wait to send.
    internal void KeepKeyFreshReceiving()
    {
        Keypair? keypair = Current;
        if (keypair is null || !keypair.IsInitiator)
        {
            return;
        }

        TimeSpan age = Device.TimeProvider.GetElapsedTime(keypair.CreatedTimestamp);
        if (age > Limits.RejectAfterTime - Limits.KeepaliveTimeout - Limits.RekeyTimeout
            && Interlocked.CompareExchange(ref _keyFreshReceivingTried, 1, 0) == 0)
        {
            SendHandshakeInitiation(isRetry: false);
        }
    }

    private void ResetKeyFreshReceiving() => Volatile.Write(ref _keyFreshReceivingTried, 0);
}
