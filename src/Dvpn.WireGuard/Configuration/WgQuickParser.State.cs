using System.Globalization;
using System.Net;

namespace Dvpn.WireGuard.Configuration;

/// <summary>What has been read so far; the settings of each section.</summary>
internal static partial class WgQuickParser
{
    private sealed class State
    {
        private readonly List<InterfaceAddress> _addresses = [];
        private readonly List<IPAddress> _dnsServers = [];
        private readonly List<string> _dnsSearch = [];
        private readonly List<string> _preUp = [], _postUp = [], _preDown = [], _postDown = [];
        private readonly List<WgQuickPeer> _peers = [];
        private bool _seenInterface;
        private PrivateKey? _privateKey;
        private ushort? _listenPort;
        private uint? _fwMark;
        private int? _mtu;
        private string? _table;
        private bool _saveConfig;

        private PublicKey? _peerKey;
        private PresharedKey? _peerPsk;
        private List<IPNetwork> _peerAllowedIPs = [];
        private string? _peerEndpoint;
        private ushort? _peerKeepalive;

        public Section Section { get; private set; }

        public int PeerLine { get; private set; }

        public string? StartSection(ReadOnlySpan<char> header, int lineNumber)
        {
            string? error = FinishPeer();
            if (error is not null)
            {
                return error;
            }

            if (header.Equals("[Interface]", StringComparison.OrdinalIgnoreCase))
            {
                if (_seenInterface)
                {
                    return "a second [Interface] section";
                }

                _seenInterface = true;
                Section = Section.Interface;
                return null;
            }

            if (header.Equals("[Peer]", StringComparison.OrdinalIgnoreCase))
            {
                Section = Section.Peer;
                PeerLine = lineNumber;
                return null;
            }

            return "unknown section (expected [Interface] or [Peer])";
        }

        public string? SetInterface(string key, string value)
        {
            switch (key.ToUpperInvariant())
            {
                case "PRIVATEKEY":
                    if (!PrivateKey.TryParseBase64(value, out PrivateKey? privateKey))
                    {
                        return "PrivateKey is not a base64 WireGuard key";
                    }

                    _privateKey?.Dispose();
                    _privateKey = privateKey;
                    return null;
                case "LISTENPORT":
                    return ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
                        ? Set(ref _listenPort, port) : "ListenPort is not a port number (0-65535)";
                case "FWMARK":
                    return TryParseFwMark(value, out uint mark) ? Set(ref _fwMark, mark) : "FwMark is not a 32-bit number or off";
                case "ADDRESS":
                    return AddAll(value, _addresses, static (string s, out InterfaceAddress a) => InterfaceAddress.TryParse(s, out a),
                        "Address is not a comma-separated list of address[/prefix]");
                case "DNS":
                    if (!TrySplitList(value, out string[] entries))
                    {
                        return "DNS has an empty entry";
                    }

                    foreach (string entry in entries)
                    {
                        if (IPAddress.TryParse(entry, out IPAddress? server) && (entry.Contains(':') || Uapi.UapiEndpoint.IsDottedQuad(entry)))
                        {
                            _dnsServers.Add(server);
                        }
                        else if (!entry.AsSpan().ContainsAnyExcept(HostChars) && !entry.StartsWith('-'))
                        {
                            _dnsSearch.Add(entry);
                        }
                        else
                        {
                            return "DNS entry is neither an IP address nor a domain name";
                        }
                    }

                    return null;
                case "MTU":
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int mtu) && mtu is >= 68 and <= 65535
                        ? Set(ref _mtu, mtu) : "MTU is not a number from 68 to 65535";
                case "TABLE":
                    if (value.Length == 0 || value.AsSpan().ContainsAny(' ', '\t'))
                    {
                        return "Table is empty or has spaces";
                    }

                    _table = value;
                    return null;
                case "PREUP": _preUp.Add(value); return null;
                case "POSTUP": _postUp.Add(value); return null;
                case "PREDOWN": _preDown.Add(value); return null;
                case "POSTDOWN": _postDown.Add(value); return null;
                case "SAVECONFIG":
                    if (!bool.TryParse(value, out bool save))
                    {
                        return "SaveConfig is not true or false";
                    }

                    _saveConfig = save;
                    return null;
                default:
                    return $"unknown [Interface] setting {Name(key)}";
            }
        }

        public string? SetPeer(string key, string value)
        {
            switch (key.ToUpperInvariant())
            {
                case "PUBLICKEY":
                    if (!PublicKey.TryParseBase64(value, out PublicKey publicKey))
                    {
                        return "PublicKey is not a base64 WireGuard key";
                    }

                    _peerKey = publicKey;
                    return null;
                case "PRESHAREDKEY":
                    if (!PresharedKey.TryParseBase64(value, out PresharedKey? psk))
                    {
                        return "PresharedKey is not a base64 WireGuard key";
                    }

                    _peerPsk?.Dispose();
                    _peerPsk = psk;
                    return null;
                case "ALLOWEDIPS":
                    return AddAll(value, _peerAllowedIPs, static (string s, out IPNetwork n) => TryParseAllowedIP(s, out n),
                        "AllowedIPs is not a comma-separated list of address[/prefix]");
                case "ENDPOINT":
                    if (!IsValidEndpoint(value))
                    {
                        return "Endpoint is not host:port or [IPv6]:port";
                    }

                    _peerEndpoint = value;
                    return null;
                case "PERSISTENTKEEPALIVE":
                    return TryParseUInt16OrOff(value, out ushort keepalive)
                        ? Set(ref _peerKeepalive, keepalive) : "PersistentKeepalive is not a number (0-65535) or off";
                default:
                    return $"unknown [Peer] setting {Name(key)}";
            }
        }

        /// <summary>Closes the current [Peer] section, if any.</summary>
        public string? FinishPeer()
        {
            if (Section != Section.Peer)
            {
                return null;
            }

            if (_peerKey is not { } key)
            {
                return "a [Peer] section without PublicKey";
            }

            _peers.Add(new WgQuickPeer
            {
                PublicKey = key,
                PresharedKey = _peerPsk,
                AllowedIPs = _peerAllowedIPs,
                Endpoint = _peerEndpoint,
                PersistentKeepalive = _peerKeepalive,
            });
            _peerKey = null;
            _peerPsk = null;
            _peerAllowedIPs = [];
            _peerEndpoint = null;
            _peerKeepalive = null;
            Section = Section.None;
            return null;
        }

        public WgQuickConfig Build() => new()
        {
            PrivateKey = _privateKey,
            ListenPort = _listenPort,
            FirewallMark = _fwMark,
            Addresses = _addresses,
            DnsServers = _dnsServers,
            DnsSearchDomains = _dnsSearch,
            Mtu = _mtu,
            Table = _table,
            PreUp = _preUp,
            PostUp = _postUp,
            PreDown = _preDown,
            PostDown = _postDown,
            SaveConfig = _saveConfig,
            Peers = _peers,
        };

        public void DisposeKeys()
        {
            _privateKey?.Dispose();
            _peerPsk?.Dispose();
            foreach (WgQuickPeer peer in _peers)
            {
                peer.PresharedKey?.Dispose();
            }
        }

        private static string? Set<T>(ref T? field, T value)
            where T : struct
        {
            field = value;
            return null;
        }

        private static string? AddAll<T>(string value, List<T> list, TryParser<T> parse, string error)
        {
            if (!TrySplitList(value, out string[] items))
            {
                return error;
            }

            foreach (string item in items)
            {
                if (!parse(item, out T parsed))
                {
                    return error;
                }

                list.Add(parsed);
            }

            return null;
        }

        /// <summary>As wg(8): a missing prefix means one host; host bits are cleared.</summary>
        private static bool TryParseAllowedIP(string text, out IPNetwork network)
        {
            network = default;
            if (!InterfaceAddress.TryParse(text, out InterfaceAddress address))
            {
                return false;
            }

            network = address.Network;
            return true;
        }

        private delegate bool TryParser<T>(string text, out T value);
    }
}
