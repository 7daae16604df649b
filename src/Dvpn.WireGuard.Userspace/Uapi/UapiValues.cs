using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// The value forms of UAPI lines, parsed from ASCII bytes strictly and without throwing: decimal numbers (digits
/// only), endpoints (<c>a.b.c.d:port</c>, <c>[v6]:port</c>) and networks (<c>address/prefix</c>). IPv4 must be four
/// decimal parts without leading zeros, as Go's netip requires: <see cref="IPAddress.TryParse(string, out IPAddress?)"/>
/// alone would take <c>010.1</c> as octal shorthand.
/// </summary>
internal static class UapiValues
{
    /// <summary>Longer than any address form (an IPv6 address with a zone and a port fits easily).</summary>
    private const int MaxAddressChars = 96;

    /// <summary>Parses 1 to 10 decimal digits that fit <paramref name="max"/>.</summary>
    public static bool TryParseNumber(ReadOnlySpan<byte> value, uint max, out uint number)
    {
        number = 0;
        if (value.IsEmpty || value.Length > 10 || value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        ulong result = 0;
        foreach (byte digit in value)
        {
            result = (result * 10) + (uint)(digit - '0');
        }

        if (result > max)
        {
            return false;
        }

        number = (uint)result;
        return true;
    }

    /// <summary>Parses <c>a.b.c.d:port</c> or <c>[v6]:port</c> (a zone inside the brackets is allowed).</summary>
    public static bool TryParseEndpoint(ReadOnlySpan<byte> value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        int colon = value.LastIndexOf((byte)':');
        if (colon <= 0 || value.Length > MaxAddressChars
            || !TryParseNumber(value[(colon + 1)..], ushort.MaxValue, out uint port))
        {
            return false;
        }

        ReadOnlySpan<byte> host = value[..colon];
        IPAddress? address;
        if (host[0] == (byte)'[')
        {
            if (host.Length < 3 || host[^1] != (byte)']' || !TryParseIPv6(host[1..^1], allowZone: true, out address))
            {
                return false;
            }
        }
        else if (!TryParseIPv4(host, out address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, (int)port);
        return true;
    }

    /// <summary>Parses <c>address/prefix</c> and clears the host bits beyond the prefix (wireguard-go's allowed IPs do the same).</summary>
    public static bool TryParseNetwork(ReadOnlySpan<byte> value, out IPNetwork network)
    {
        network = default;
        int slash = value.IndexOf((byte)'/');
        if (slash <= 0 || value.Length > MaxAddressChars)
        {
            return false;
        }

        ReadOnlySpan<byte> host = value[..slash];
        IPAddress? address;
        uint maxPrefix;
        if (host.Contains((byte)':'))
        {
            maxPrefix = 128;
            if (!TryParseIPv6(host, allowZone: false, out address))
            {
                return false;
            }
        }
        else
        {
            maxPrefix = 32;
            if (!TryParseIPv4(host, out address))
            {
                return false;
            }
        }

        // At most three digits: a prefix like 0032 is not something a real client writes.
        if (value.Length - slash - 1 > 3 || !TryParseNumber(value[(slash + 1)..], maxPrefix, out uint prefix))
        {
            return false;
        }

        network = new IPNetwork(Mask(address, (int)prefix), (int)prefix);
        return true;
    }

    private static bool TryParseIPv4(ReadOnlySpan<byte> host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        Span<byte> bytes = stackalloc byte[4];
        int part = 0;
        foreach (Range range in host.Split((byte)'.'))
        {
            ReadOnlySpan<byte> digits = host[range];
            if (part == 4 || digits.Length is 0 or > 3 || (digits.Length > 1 && digits[0] == (byte)'0')
                || !TryParseNumber(digits, byte.MaxValue, out uint octet))
            {
                return false;
            }

            bytes[part++] = (byte)octet;
        }

        if (part != 4)
        {
            return false;
        }

        address = new IPAddress(bytes);
        return true;
    }

    private static bool TryParseIPv6(ReadOnlySpan<byte> host, bool allowZone, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (host.IsEmpty || host.Length > MaxAddressChars || !host.Contains((byte)':') || (!allowZone && host.Contains((byte)'%')))
        {
            return false;
        }

        Span<char> text = stackalloc char[host.Length];
        for (int i = 0; i < host.Length; i++)
        {
            text[i] = (char)host[i]; // the line was checked to be printable ASCII
        }

        return IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        _ = address.TryWriteBytes(bytes, out int length);
        bytes = bytes[..length];
        for (int i = 0; i < length; i++)
        {
            int keep = Math.Clamp(prefix - (8 * i), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    /// <summary>A value for an error message: cut to 64 characters (values here are never keys).</summary>
    public static string Echo(ReadOnlySpan<byte> value) =>
        System.Text.Encoding.ASCII.GetString(value.Length > 64 ? value[..64] : value) + (value.Length > 64 ? "..." : "");
}
