using System.Security.Cryptography;
using System.Text;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// The keys of our WFP objects. The provider and the sublayer have fixed keys, so a later run (or a run after a
/// crash, or after a reboot: the objects are persistent) finds and replaces exactly what an earlier run installed and
/// nothing else. Filter keys are derived from a text naming the filter, so the same policy always yields the same keys.
/// </summary>
internal static class WfpObjectKeys
{
    /// <summary>Our provider (<c>FWPM_PROVIDER0.providerKey</c>); every filter and the sublayer name it.</summary>
    public static readonly Guid Provider = new("9565eb44-2928-4b88-bfb4-c46d09fd0508");

    /// <summary>Our sublayer (<c>FWPM_SUBLAYER0.subLayerKey</c>); its presence is what "installed" means.</summary>
    public static readonly Guid SubLayer = new("f96314fa-8b1d-42c4-84dc-bf4e6d98db42");

    /// <summary>The sublayer's weight: the highest, so our hard blocks are evaluated before other vendors' sublayers
    /// (a hard block wins whatever the order; the weight decides whose permit is seen first).</summary>
    public const ushort SubLayerWeight = ushort.MaxValue;

    /// <summary>A name-based key: the first 16 bytes of SHA-256 over a fixed prefix and <paramref name="name"/>, marked
    /// as an RFC 9562 version 8 (custom) UUID.</summary>
    public static Guid FilterKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("dvpn-wfp-filter/" + name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
