using System.Net;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>
/// A two-peer configuration and the bytes WireGuardSetConfiguration must receive for it, built here byte by byte
/// from the header facts, without the code under test. Offsets are absolute; the comments give struct + field.
/// </summary>
internal static class Golden
{
    // Keys are recognisable byte runs. The private key is already clamped (byte 0 has its low 3 bits clear, byte 31
    // is 01xxxxxx), so PrivateKey.FromBytes leaves it as it is.
    public static byte[] PrivateKeyBytes => Run(0x40); // 40 41 .. 5F
    public static byte[] PeerAKeyBytes => Run(0xA0);   // A0 .. BF
    public static byte[] PeerBKeyBytes => Run(0xC0);   // C0 .. DF
    public static byte[] PresharedBytes => Run(0x10);  // 10 .. 2F

    public const int SetSize = 424; // 80 + (136 + 2 * 24) + (136 + 1 * 24)
    public const int PeerA = 80, PeerAAllowed0 = 216, PeerAAllowed1 = 240, PeerB = 264, PeerBAllowed0 = 400;

    /// <summary>The configuration; dispose the keys it holds through <see cref="Keys"/>.</summary>
    public static InterfaceConfig Configuration(out IDisposable keys)
    {
        var privateKey = PrivateKey.FromBytes(PrivateKeyBytes);
        var preshared = PresharedKey.FromBytes(PresharedBytes);
        keys = new Keys(privateKey, preshared);
        return new InterfaceConfig
        {
            PrivateKey = privateKey,
            ListenPort = 51820,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig
                {
                    PublicKey = new PublicKey(PeerAKeyBytes),
                    PresharedKey = preshared,
                    Endpoint = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 51820),
                    AllowedIPs = [IPNetwork.Parse("10.8.0.0/24"), IPNetwork.Parse("fd00:1234::/64")],
                    PersistentKeepalive = 25,
                },
                new PeerConfig
                {
                    PublicKey = new PublicKey(PeerBKeyBytes),
                    Endpoint = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443),
                    AllowedIPs = [IPNetwork.Parse("192.168.77.0/26")],
                    ReplaceAllowedIPs = false,
                },
            ],
        };
    }

    /// <summary>What the writer must produce for <see cref="Configuration"/>.</summary>
    public static byte[] SetBytes()
    {
        byte[] g = new byte[SetSize];

        // WIREGUARD_INTERFACE @0
        Put(g, 0, 0x0E, 0x00, 0x00, 0x00);   // Flags: HAS_PRIVATE_KEY 2 | HAS_LISTEN_PORT 4 | REPLACE_PEERS 8
        Put(g, 4, 0x6C, 0xCA);               // ListenPort 51820 = 0xCA6C, little-endian
        Put(g, 6, PrivateKeyBytes);          // PrivateKey @6..38
        //                                      PublicKey @38..70 stays zero: not set on a set
        Put(g, 72, 0x02, 0x00, 0x00, 0x00);  // PeersCount 2 (70..72 and 76..80 are padding)

        // WIREGUARD_PEER A @80
        Put(g, 80, 0x2F, 0x00, 0x00, 0x00);  // Flags: PUBLIC_KEY 1 | PRESHARED_KEY 2 | KEEPALIVE 4 | ENDPOINT 8 | REPLACE_ALLOWED_IPS 0x20
        //                                      Reserved @84 zero
        Put(g, 88, PeerAKeyBytes);           // PublicKey @80+8
        Put(g, 120, PresharedBytes);         // PresharedKey @80+40
        Put(g, 152, 0x19, 0x00);             // PersistentKeepalive 25 @80+72
        Put(g, 156, 0x02, 0x00);             // Endpoint @80+76: sin_family AF_INET = 2
        Put(g, 158, 0xCA, 0x6C);             //   sin_port 51820, big-endian
        Put(g, 160, 203, 0, 113, 5);         //   sin_addr 203.0.113.5
        //                                      Tx/Rx/LastHandshake @80+104..128 zero
        Put(g, 208, 0x02, 0x00, 0x00, 0x00); // AllowedIPsCount 2 @80+128

        // WIREGUARD_ALLOWED_IP @216: 10.8.0.0/24
        Put(g, 216, 10, 8, 0, 0);            // Address.V4
        Put(g, 232, 0x02, 0x00);             // AddressFamily AF_INET @216+16
        Put(g, 234, 24);                     // Cidr @216+18
        //                                      Flags @216+20 zero

        // WIREGUARD_ALLOWED_IP @240: fd00:1234::/64
        Put(g, 240, 0xFD, 0x00, 0x12, 0x34); // Address.V6 (the remaining 12 bytes are zero)
        Put(g, 256, 0x17, 0x00);             // AddressFamily AF_INET6 = 23 @240+16
        Put(g, 258, 64);                     // Cidr @240+18

        // WIREGUARD_PEER B @264
        Put(g, 264, 0x09, 0x00, 0x00, 0x00); // Flags: PUBLIC_KEY 1 | ENDPOINT 8 (allowed IPs are added, not replaced)
        Put(g, 272, PeerBKeyBytes);          // PublicKey @264+8
        //                                      no preshared key, no keepalive
        Put(g, 340, 0x17, 0x00);             // Endpoint @264+76: sin6_family AF_INET6 = 23
        Put(g, 342, 0x01, 0xBB);             //   sin6_port 443, big-endian
        //                                      sin6_flowinfo @+4 zero
        Put(g, 348, 0x20, 0x01, 0x0D, 0xB8); //   sin6_addr @+8: 2001:db8::1
        Put(g, 363, 0x01);                   //   ... last byte (348 + 15)
        //                                      sin6_scope_id @+24 zero
        Put(g, 392, 0x01, 0x00, 0x00, 0x00); // AllowedIPsCount 1 @264+128

        // WIREGUARD_ALLOWED_IP @400: 192.168.77.0/26
        Put(g, 400, 192, 168, 77, 0);
        Put(g, 416, 0x02, 0x00);             // AF_INET
        Put(g, 418, 26);                     // Cidr
        return g;
    }

    /// <summary>
    /// What WireGuardGetConfiguration returns for a device with one peer that has traffic: interface with public key,
    /// private key and port; peer with endpoint, statistics and a handshake; one allowed IP.
    /// </summary>
    public static byte[] GetBytes()
    {
        byte[] g = new byte[80 + 136 + 24];
        Put(g, 0, 0x07, 0x00, 0x00, 0x00);  // HAS_PUBLIC_KEY | HAS_PRIVATE_KEY | HAS_LISTEN_PORT
        Put(g, 4, 0x39, 0x30);               // ListenPort 12345 = 0x3039
        Put(g, 6, PrivateKeyBytes);
        Put(g, 38, Run(0x70));               // PublicKey 70 .. 8F
        Put(g, 72, 0x01, 0x00, 0x00, 0x00);  // PeersCount 1

        Put(g, 80, 0x0B, 0x00, 0x00, 0x00);  // PUBLIC_KEY | PRESHARED_KEY | ENDPOINT (keepalive off)
        Put(g, 88, PeerAKeyBytes);
        Put(g, 120, PresharedBytes);
        Put(g, 156, 0x02, 0x00, 0x01, 0xBB, 198, 51, 100, 7); // AF_INET, port 443, 198.51.100.7
        Put(g, 184, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01); // TxBytes 0x0102030405060708 @80+104
        Put(g, 192, 0xE8, 0x03);             // RxBytes 1000 @80+112
        Put(g, 200, 0x80, 0xC0, 0x48, 0x58, 0x28, 0x3D, 0xDA, 0x01); // LastHandshake 2024-01-02T03:04:05Z as FILETIME 133486382450000000
        Put(g, 208, 0x01, 0x00, 0x00, 0x00); // AllowedIPsCount 1

        Put(g, 216, 0, 0, 0, 0);             // 0.0.0.0/0
        Put(g, 232, 0x02, 0x00);
        Put(g, 234, 0);
        return g;
    }

    public static byte[] Run(byte first)
    {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(first + i);
        }

        return bytes;
    }

    private static void Put(byte[] buffer, int offset, params byte[] bytes) => bytes.CopyTo(buffer, offset);

    private sealed class Keys(PrivateKey privateKey, PresharedKey presharedKey) : IDisposable
    {
        public void Dispose()
        {
            privateKey.Dispose();
            presharedKey.Dispose();
        }
    }
}
