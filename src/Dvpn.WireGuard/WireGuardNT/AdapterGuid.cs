using System.Security.Cryptography;
using System.Text;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// The GUID requested for an adapter. Windows keys its network profile (NLA) on the adapter GUID, so a random one
/// per creation would leave a new "Network N" profile behind each time; deriving it from the tunnel type and name
/// keeps one profile per tunnel.
/// </summary>
internal static class AdapterGuid
{
    private const string Domain = "DvpnClient WireGuardNT adapter";

    /// <summary>A stable RFC 9562 version-8 GUID for <paramref name="tunnelType"/> and <paramref name="name"/>.</summary>
    public static Guid For(string tunnelType, string name)
    {
        // NUL separators keep ("ab", "c") and ("a", "bc") apart; names cannot contain NUL.
        byte[] input = Encoding.UTF8.GetBytes($"{Domain}\0{tunnelType}\0{name}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        Span<byte> bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10: RFC 9562
        return new Guid(bytes, bigEndian: true);
    }
}
