using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Tests;

/// <summary>Our initiator against our responder.</summary>
public sealed class HandshakeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FullHandshake_OwnInitiatorAndResponder_DeriveMatchingKeys(bool withPresharedKey)
    {
        using StaticIdentity initiatorId = StaticIdentity.Generate();
        using StaticIdentity responderId = StaticIdentity.Generate();
        byte[] psk = withPresharedKey ? RandomNumberGenerator.GetBytes(32) : [];
        using Handshake initiator = Handshake.CreateInitiator(initiatorId, responderId.PublicKey.ToArray(), psk);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        byte[] response = new byte[HandshakeResponse.Size];

        Assert.True(initiator.CreateInitiation(Now, initiation));
        Assert.True(Handshake.TryConsumeInitiation(responderId, initiation, out Handshake? responder));
        using (responder)
        {
            Assert.Equal(initiatorId.PublicKey.ToArray(), responder.RemoteStatic.ToArray());
            Assert.Equal(initiator.LocalIndex, responder.RemoteIndex);
            Assert.True(responder.CreateResponse(psk, response, out TransportKeys? responderKeys));
            Assert.True(initiator.TryConsumeResponse(response, out TransportKeys? initiatorKeys));
            using (responderKeys)
            using (initiatorKeys)
            {
                Assert.Equal(initiatorKeys.Sending.ToArray(), responderKeys.Receiving.ToArray());
                Assert.Equal(initiatorKeys.Receiving.ToArray(), responderKeys.Sending.ToArray());
                Assert.NotEqual(initiatorKeys.Sending.ToArray(), initiatorKeys.Receiving.ToArray());
                Assert.Equal(initiatorKeys.RemoteIndex, responderKeys.LocalIndex);
                Assert.Equal(responderKeys.RemoteIndex, initiatorKeys.LocalIndex);

                byte[] packet = RandomNumberGenerator.GetBytes(37);
                byte[] wire = new byte[DataPacket.MessageLength(packet.Length)];
                Assert.Equal(wire.Length, DataPacket.Seal(initiatorKeys, 0, packet, wire));
                byte[] opened = new byte[wire.Length];
                Assert.True(DataPacket.TryOpen(responderKeys, wire, opened, out ulong counter, out int length));
                Assert.Equal(0UL, counter);
                Assert.Equal(48, length); // padded to 16
                Assert.Equal(packet, opened[..packet.Length]);
            }
        }
    }

    [Fact]
    public void Response_PresharedKeysDiffer_IsRejected()
    {
        using StaticIdentity initiatorId = StaticIdentity.Generate();
        using StaticIdentity responderId = StaticIdentity.Generate();
        using Handshake initiator = Handshake.CreateInitiator(initiatorId, responderId.PublicKey.ToArray(), RandomNumberGenerator.GetBytes(32));
        byte[] initiation = new byte[HandshakeInitiation.Size];
        byte[] response = new byte[HandshakeResponse.Size];
        Assert.True(initiator.CreateInitiation(Now, initiation));
        Assert.True(Handshake.TryConsumeInitiation(responderId, initiation, out Handshake? responder));
        using (responder)
        {
            Assert.True(responder.CreateResponse(RandomNumberGenerator.GetBytes(32), response, out TransportKeys? keys));
            keys.Dispose();
        }

        Assert.False(initiator.TryConsumeResponse(response, out _));
        Assert.Equal(HandshakeState.InitiationSent, initiator.State);
    }

    [Fact]
    public void Initiation_ToWrongResponder_FailsMac1()
    {
        using StaticIdentity initiatorId = StaticIdentity.Generate();
        using StaticIdentity responderId = StaticIdentity.Generate();
        using StaticIdentity other = StaticIdentity.Generate();
        using Handshake initiator = Handshake.CreateInitiator(initiatorId, responderId.PublicKey.ToArray(), []);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        Assert.True(initiator.CreateInitiation(Now, initiation));

        Assert.False(Handshake.TryConsumeInitiation(other, initiation, out _));
        Assert.True(MacKeys.VerifyMac1(responderId.Mac1Key, initiation, HandshakeInitiation.Mac1Offset));
    }

    [Fact]
    public void Initiation_AnyFlippedBit_IsRejectedWithoutThrowing()
    {
        using StaticIdentity initiatorId = StaticIdentity.Generate();
        using StaticIdentity responderId = StaticIdentity.Generate();
        using Handshake initiator = Handshake.CreateInitiator(initiatorId, responderId.PublicKey.ToArray(), []);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        Assert.True(initiator.CreateInitiation(Now, initiation));

        for (int bit = 0; bit < HandshakeInitiation.Mac2Offset * 8; bit++)
        {
            byte[] mutated = (byte[])initiation.Clone();
            mutated[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Handshake.TryConsumeInitiation(responderId, mutated, out _));
        }
    }

    [Fact]
    public void Parsers_RandomAndTruncatedInput_ReturnFalseNeverThrow()
    {
        using StaticIdentity id = StaticIdentity.Generate();
        for (int length = 0; length < 200; length++)
        {
            byte[] junk = RandomNumberGenerator.GetBytes(length);
            for (byte type = 0; type < 6; type++)
            {
                if (length > 0)
                {
                    junk[0] = type;
                }

                Assert.False(Handshake.TryConsumeInitiation(id, junk, out _));
                _ = HandshakeInitiation.TryRead(junk, out _);
                _ = HandshakeResponse.TryRead(junk, out _);
                _ = CookieReply.TryRead(junk, out _);
                _ = TransportData.TryRead(junk, out _);
            }
        }

        Assert.False(HandshakeInitiation.TryRead(new byte[HandshakeInitiation.Size], out _));
        byte[] reservedSet = new byte[HandshakeResponse.Size];
        reservedSet[0] = 2;
        reservedSet[2] = 1;
        Assert.False(HandshakeResponse.TryRead(reservedSet, out _));
    }

    [Fact]
    public void MessageSizes_MatchTheWhitepaper()
    {
        Assert.Equal(148, HandshakeInitiation.Size);
        Assert.Equal(92, HandshakeResponse.Size);
        Assert.Equal(64, CookieReply.Size);
        Assert.Equal(16, TransportData.HeaderSize);
    }
}
