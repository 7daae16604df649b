using System.Globalization;
using Dvpn.WireGuard.Configuration;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Writes a <c>set=1</c> request (wireguard.com/xplatform): interface attributes first, then one block per peer that
/// starts with <c>public_key</c>; a blank line ends it. Keys go straight from their pinned buffers into the
/// request as hex.
/// </summary>
internal static class UapiSetWriter
{
    public static void Write(InterfaceConfig configuration, UapiBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        buffer.Append("set=1\n"u8);
        if (configuration.PrivateKey is { } privateKey)
        {
            buffer.Append("private_key="u8);
            buffer.AppendHex(privateKey.Bytes);
            buffer.Append("\n"u8);
        }

        if (configuration.ListenPort is { } port)
        {
            Attribute(buffer, "listen_port", port.ToString(CultureInfo.InvariantCulture));
        }

        if (configuration.FirewallMark is { } mark)
        {
            Attribute(buffer, "fwmark", mark.ToString(CultureInfo.InvariantCulture));
        }

        if (configuration.ReplacePeers)
        {
            buffer.Append("replace_peers=true\n"u8);
        }

        foreach (PeerConfig peer in configuration.Peers)
        {
            ArgumentNullException.ThrowIfNull(peer, nameof(configuration));
            WritePeer(peer, buffer);
        }

        buffer.Append("\n"u8);
    }

    private static void WritePeer(PeerConfig peer, UapiBuffer buffer)
    {
        buffer.Append("public_key="u8);
        Span<byte> key = stackalloc byte[PublicKey.Size];
        peer.PublicKey.WriteTo(key);
        buffer.AppendHex(key);
        buffer.Append("\n"u8);
        if (peer.Remove)
        {
            // Nothing else applies to a peer being removed.
            buffer.Append("remove=true\n"u8);
            return;
        }

        if (peer.UpdateOnly)
        {
            buffer.Append("update_only=true\n"u8);
        }

        if (peer.PresharedKey is { } psk)
        {
            buffer.Append("preshared_key="u8);
            buffer.AppendHex(psk.Bytes);
            buffer.Append("\n"u8);
        }

        if (peer.Endpoint is { } endpoint)
        {
            Attribute(buffer, "endpoint", UapiEndpoint.Format(endpoint));
        }

        if (peer.PersistentKeepalive is { } keepalive)
        {
            Attribute(buffer, "persistent_keepalive_interval", keepalive.ToString(CultureInfo.InvariantCulture));
        }

        if (peer.ReplaceAllowedIPs)
        {
            buffer.Append("replace_allowed_ips=true\n"u8);
        }

        foreach (System.Net.IPNetwork network in peer.AllowedIPs)
        {
            Attribute(buffer, "allowed_ip", network.ToString());
        }
    }

    private static void Attribute(UapiBuffer buffer, string key, string value)
    {
        buffer.AppendAscii(key);
        buffer.Append("="u8);
        buffer.AppendAscii(value);
        buffer.Append("\n"u8);
    }
}
