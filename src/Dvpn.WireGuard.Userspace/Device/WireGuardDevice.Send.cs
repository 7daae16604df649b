using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>The send path: packets from the interface, routed to a peer by destination (cryptokey routing), sealed in place and sent.</summary>
internal sealed partial class WireGuardDevice
{
    // The largest IP packet, read after room for the message header, with room for padding and the tag behind it.
    private const int MaxPacketSize = 65535;

    /// <summary>Whether the send thread sends runs of messages to one peer together (UDP GSO where the kernel has it). Default true; set before <see cref="Start"/>.</summary>
    public bool CoalesceSends { get; init; } = true;

    private void SendLoop()
    {
        byte[] buffer = new byte[TransportData.HeaderSize + MaxPacketSize + TransportData.PaddingMultiple + Aead.TagSize];
        SendCoalescer? coalescer = CoalesceSends ? new SendCoalescer(this) : null;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                int length = _interface.Read(buffer.AsSpan(TransportData.HeaderSize, MaxPacketSize));
                if (length <= 0)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                HandlePacket(buffer, length, coalescer);

                // Hold a run only while the interface already has the next packet (the rest of a large segment).
                if (coalescer is not null && !_interface.HasBufferedPacket)
                {
                    coalescer.Flush();
                }
            }
        }
#pragma warning disable CA1031 // the loop must log what killed it
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!_stopping.IsCancellationRequested)
            {
                DeviceLog.LoopFailed(Logger, e, Name, "send");
                _closed.TrySetException(e);
            }
        }
    }

    /// <summary>One packet from the interface at <see cref="TransportData.HeaderSize"/> in <paramref name="buffer"/>.</summary>
    internal void HandlePacket(Span<byte> buffer, int length, SendCoalescer? coalescer = null)
    {
        ReadOnlySpan<byte> packet = buffer.Slice(TransportData.HeaderSize, length);
        if (IpPacketLength(packet) <= 0)
        {
            Interlocked.Increment(ref Counters._malformed);
            return;
        }

        Peer? peer = AllowedIps.LookupDestination(packet);
        if (peer is null)
        {
            Interlocked.Increment(ref Counters._noRoute);
            return;
        }

        if (!peer.Forwarding)
        {
            Interlocked.Increment(ref Counters._paused);
            return;
        }

        peer.SendPacket(buffer, length, coalescer);
    }
}
