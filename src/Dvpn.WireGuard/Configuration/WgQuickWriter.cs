using System.Globalization;
using System.Text;

namespace Dvpn.WireGuard.Configuration;

/// <summary>Writes a <see cref="WgQuickConfig"/> in the layout wg-quick and <c>wg showconf</c> use.</summary>
internal static class WgQuickWriter
{
    public static string Write(WgQuickConfig config)
    {
        StringBuilder text = new();
        text.Append("[Interface]\n");
        if (config.PrivateKey is { } key)
        {
            Line(text, "PrivateKey", key.ExportBase64());
        }

        if (config.ListenPort is { } port)
        {
            Line(text, "ListenPort", port.ToString(CultureInfo.InvariantCulture));
        }

        if (config.FirewallMark is { } mark)
        {
            Line(text, "FwMark", mark == 0 ? "off" : "0x" + mark.ToString("x", CultureInfo.InvariantCulture));
        }

        if (config.Addresses.Count > 0)
        {
            Line(text, "Address", string.Join(", ", config.Addresses));
        }

        if (config.DnsServers.Count + config.DnsSearchDomains.Count > 0)
        {
            Line(text, "DNS", string.Join(", ", config.DnsServers.Select(s => s.ToString()).Concat(config.DnsSearchDomains)));
        }

        if (config.Mtu is { } mtu)
        {
            Line(text, "MTU", mtu.ToString(CultureInfo.InvariantCulture));
        }

        if (config.Table is { } table)
        {
            Line(text, "Table", table);
        }

        Lines(text, "PreUp", config.PreUp);
        Lines(text, "PostUp", config.PostUp);
        Lines(text, "PreDown", config.PreDown);
        Lines(text, "PostDown", config.PostDown);
        if (config.SaveConfig)
        {
            Line(text, "SaveConfig", "true");
        }

        foreach (WgQuickPeer peer in config.Peers)
        {
            text.Append("\n[Peer]\n");
            Line(text, "PublicKey", peer.PublicKey.ToBase64());
            if (peer.PresharedKey is { } psk)
            {
                Line(text, "PresharedKey", psk.ExportBase64());
            }

            if (peer.AllowedIPs.Count > 0)
            {
                Line(text, "AllowedIPs", string.Join(", ", peer.AllowedIPs));
            }

            if (peer.Endpoint is { } endpoint)
            {
                Line(text, "Endpoint", endpoint);
            }

            if (peer.PersistentKeepalive is { } keepalive)
            {
                Line(text, "PersistentKeepalive", keepalive == 0 ? "off" : keepalive.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static void Lines(StringBuilder text, string key, IReadOnlyList<string> values)
    {
        foreach (string value in values)
        {
            Line(text, key, value);
        }
    }

    private static void Line(StringBuilder text, string key, string value)
    {
        // A newline or '#' would change the meaning of the file when it is read back.
        if (value.AsSpan().ContainsAny('\n', '\r', '#'))
        {
            throw new ArgumentException($"{key} contains a newline or '#', which a wg-quick file cannot hold");
        }

        text.Append(key).Append(" = ").Append(value).Append('\n');
    }
}
