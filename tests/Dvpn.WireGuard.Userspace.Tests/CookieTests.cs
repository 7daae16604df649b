using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Messages;
using Dvpn.WireGuard.Userspace.Noise;

namespace Dvpn.WireGuard.Userspace.Tests;

/// <summary>Cookie replies and mac2 between our two sides.</summary>
public sealed class CookieTests
{
    [Fact]
    public void CookieReply_UnderLoad_InitiatorLearnsCookieAndMac2Verifies()
    {
        using StaticIdentity initiatorId = StaticIdentity.Generate();
        using StaticIdentity responderId = StaticIdentity.Generate();
        using Handshake initiator = Handshake.CreateInitiator(initiatorId, responderId.PublicKey.ToArray(), []);
        byte[] initiation = new byte[HandshakeInitiation.Size];
        Assert.True(initiator.CreateInitiation(DateTimeOffset.UnixEpoch, initiation));
        Assert.True(HandshakeInitiation.TryRead(initiation, out HandshakeInitiation parsed));

        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[] cookie = new byte[Cookies.CookieSize];
        Cookies.ComputeCookie(secret, [127, 0, 0, 1, 0x1f, 0x90], cookie);
        byte[] reply = new byte[CookieReply.Size];
        Cookies.WriteReply(responderId.PublicKey, parsed.Sender, parsed.Mac1, cookie, reply);

        byte[] learnt = new byte[Cookies.CookieSize];
        Assert.True(Cookies.TryOpenReply(responderId.PublicKey, parsed.Mac1, reply, learnt));
        Assert.Equal(cookie, learnt);
        Assert.False(Cookies.TryOpenReply(initiatorId.PublicKey, parsed.Mac1, reply, learnt));
        Assert.False(Cookies.TryOpenReply(responderId.PublicKey, new byte[16], reply, learnt));
        Assert.Equal(cookie, learnt); // a reply that fails to open leaves the cookie we hold untouched

        Cookies.WriteMac2(learnt, initiation, HandshakeInitiation.Mac2Offset);
        Assert.True(Cookies.VerifyMac2(cookie, initiation, HandshakeInitiation.Mac2Offset));
        Assert.True(MacKeys.VerifyMac1(responderId.Mac1Key, initiation, HandshakeInitiation.Mac1Offset)); // mac2 is outside mac1's span
        initiation[HandshakeInitiation.Mac2Offset] ^= 1;
        Assert.False(Cookies.VerifyMac2(cookie, initiation, HandshakeInitiation.Mac2Offset));
    }
}
