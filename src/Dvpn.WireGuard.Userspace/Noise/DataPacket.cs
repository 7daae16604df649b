using Dvpn.WireGuard.Userspace.Crypto;
using Dvpn.WireGuard.Userspace.Messages;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>Sealing and opening transport data messages (whitepaper §5.4.6). Replay checks are the caller's (not yet written).</summary>
internal static class DataPacket
{
    /// <summary>Length of the message that carries a packet of <paramref name="packetLength"/> bytes, padded to 16.</summary>
    public static int MessageLength(int packetLength) =>
        TransportData.HeaderSize + TransportData.PaddedLength(packetLength) + Aead.TagSize;

    /// <summary>Writes the message for <paramref name="packet"/> (empty for a keepalive) and returns its length.</summary>
    public static int Seal(TransportKeys keys, ulong counter, ReadOnlySpan<byte> packet, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int padded = TransportData.PaddedLength(packet.Length);
        int length = MessageLength(packet.Length);
        TransportData.WriteHeader(keys.RemoteIndex, counter, destination);
        Span<byte> body = destination.Slice(TransportData.HeaderSize, padded);
        packet.CopyTo(body);
        body[packet.Length..].Clear();
        Aead.Seal(keys.Sending, counter, body, [], destination.Slice(TransportData.HeaderSize, padded + Aead.TagSize));
        return length;
    }

    /// <summary>Opens a message from the network into <paramref name="destination"/>; false unless it is for our index and authenticates.</summary>
    public static bool TryOpen(TransportKeys keys, ReadOnlySpan<byte> message, Span<byte> destination, out ulong counter, out int length)
    {
        ArgumentNullException.ThrowIfNull(keys);
        counter = 0;
        length = 0;
        if (!TransportData.TryRead(message, out TransportData data) || data.Receiver != keys.LocalIndex)
        {
            return false;
        }

        int plaintextLength = data.EncryptedPacket.Length - Aead.TagSize;
        if (destination.Length < plaintextLength || !Aead.TryOpen(keys.Receiving, data.Counter, data.EncryptedPacket, [], destination))
        {
            return false;
        }

        counter = data.Counter;
        length = plaintextLength;
        return true;
    }
}
