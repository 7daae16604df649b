using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// The UAPI endpoint form: <c>a.b.c.d:port</c> for IPv4 and <c>[v6]:port</c> for IPv6 (brackets required, an
/// optional <c>%zone</c> inside them). Stricter than <see cref="IPEndPoint.TryParse(string, out IPEndPoint?)"/>, which
/// accepts a missing port and unbracketed IPv6.
/// </summary>
internal static class UapiEndpoint
{
    public static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{endpoint.Address}]:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        ReadOnlySpan<char> host = text[..colon];
        ReadOnlySpan<char> portText = text[(colon + 1)..];
        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            return false;
        }

        IPAddress? address;
        if (host[0] == '[')
        {
            if (host.Length < 3 || host[^1] != ']'
                || !IPAddress.TryParse(host[1..^1], out address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }
        }
        else if (host.Contains(':') || !IPAddress.TryParse(host, out address)
            || address.AddressFamily != AddressFamily.InterNetwork || !IsDottedQuad(host))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>IPAddress.TryParse takes "1" or "0x7f.1" as IPv4; an endpoint must be four decimal parts.</summary>
    internal static bool IsDottedQuad(ReadOnlySpan<char> host)
    {
        int parts = 0;
        foreach (Range range in host.Split('.'))
        {
            ReadOnlySpan<char> part = host[range];
            if (part.Length is 0 or > 3 || part.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }
}
