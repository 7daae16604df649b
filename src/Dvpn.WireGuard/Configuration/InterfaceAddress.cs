using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Configuration;

/// <summary>
/// An address assigned to an interface with its prefix length, e.g. <c>10.0.0.2/24</c>. Unlike
/// <see cref="IPNetwork"/> the host bits are kept: they are the point.
/// </summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The prefix length: 0-32 for IPv4, 0-128 for IPv6.</param>
public readonly record struct InterfaceAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>The network the address is in, e.g. <c>10.0.0.0/24</c> for <c>10.0.0.2/24</c>.</summary>
    public IPNetwork Network
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            Address.TryWriteBytes(bytes, out int length);
            bytes = bytes[..length];
            for (int i = 0; i < length; i++)
            {
                int keep = Math.Clamp(PrefixLength - (8 * i), 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - keep));
            }

            return new IPNetwork(new IPAddress(bytes), PrefixLength);
        }
    }

    /// <summary>Parses <c>address</c> or <c>address/prefix</c> (no prefix: a single host, /32 or /128).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out InterfaceAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan();
        int slash = span.IndexOf('/');
        ReadOnlySpan<char> host = slash < 0 ? span : span[..slash];
        if (!IPAddress.TryParse(host, out IPAddress? ip)
            || (!host.Contains(':') && !Uapi.UapiEndpoint.IsDottedQuad(host)))
        {
            return false;
        }

        int max = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = max;
        if (slash >= 0 && (!int.TryParse(span[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > max))
        {
            return false;
        }

        address = new InterfaceAddress(ip, prefix);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>.</summary>
    /// <exception cref="FormatException">Not an address with an optional prefix length.</exception>
    public static InterfaceAddress Parse(string text) =>
        TryParse(text, out InterfaceAddress address) ? address : throw new FormatException("not an address/prefix");

    /// <summary><c>address/prefix</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
