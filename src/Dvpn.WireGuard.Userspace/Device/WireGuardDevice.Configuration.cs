using System.Net;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Noise;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>Configuration, with the semantics of the UAPI <c>set</c> and <c>get</c> operations (and of wireguard-go).</summary>
internal sealed partial class WireGuardDevice
{
    private const int EInval = 22;
    private const int EAddrInUse = 98;

    /// <inheritdoc />
    public UapiDeviceSnapshot GetSnapshot()
    {
        lock (_configGate)
        {
            StaticIdentity? identity = _identity;
            return new UapiDeviceSnapshot
            {
                PrivateKey = identity?.PrivateKey.ToArray(),
                ListenPort = ListenPort,
                FirewallMark = _firewallMark,
                Peers = [.. _peerOrder.Select(peer => new UapiPeerSnapshot
                {
                    PublicKey = (byte[])peer.PublicKey.Clone(),
                    PresharedKey = peer.ExportPresharedKey(),
                    Endpoint = peer.GetEndpoint(),
                    LastHandshake = peer.LastHandshake,
                    ReceivedBytes = (ulong)peer.ReceivedBytes,
                    TransmittedBytes = (ulong)peer.TransmittedBytes,
                    PersistentKeepaliveInterval = peer.PersistentKeepaliveInterval,
                    AllowedIps = AllowedIps.GetPrefixes(peer),
                    Forwarding = peer.Forwarding,
                })],
            };
        }
    }

    /// <inheritdoc />
    public void Apply(UapiSetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_configGate)
        {
            Validate(request);
            if (request.ListenPort is ushort port && (port != ListenPort || port == 0 && _configuredPort != 0))
            {
                Rebind(port);
            }

            if (request.FirewallMark is uint mark)
            {
                _firewallMark = mark;
                if (Volatile.Read(ref _transport) is IFirewallMarkable markable)
                {
                    markable.FirewallMark = mark;
                }
            }

            if (request.PrivateKey is byte[] privateKey)
            {
                SetPrivateKey(privateKey);
            }

            if (request.ReplacePeers)
            {
                foreach (Peer peer in _peerOrder.ToArray())
                {
                    RemovePeerLocked(peer);
                }
            }

            foreach (UapiPeerChange change in request.Peers)
            {
                ApplyPeer(change);
            }
        }
    }

    private static void Validate(UapiSetRequest request)
    {
        if (request.PrivateKey is { Length: not (0 or 32) })
        {
            throw new UapiSetException(EInval, "a private key is 32 bytes");
        }

        foreach (UapiPeerChange change in request.Peers)
        {
            if (change.PublicKey.Length != 32)
            {
                throw new UapiSetException(EInval, "a public key is 32 bytes");
            }

            if (change.PresharedKey is { Length: not 32 })
            {
                throw new UapiSetException(EInval, "a preshared key is 32 bytes");
            }
        }
    }

    private void Rebind(ushort port)
    {
        IDatagramTransport fresh;
        try
        {
            fresh = _bind(port);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            throw new UapiSetException(EAddrInUse, $"cannot listen on port {port}: {e.Message}");
        }

        if (fresh is IFirewallMarkable markable && _firewallMark != 0)
        {
            markable.FirewallMark = _firewallMark;
        }

        IDatagramTransport old = Interlocked.Exchange(ref _transport, fresh);
        _configuredPort = port;
        old.Dispose();
        DeviceLog.Listening(Logger, Name, fresh.Port);
    }

    private void SetPrivateKey(byte[] privateKey)
    {
        StaticIdentity? fresh = null;
        if (privateKey.Length == 32 && privateKey.AsSpan().IndexOfAnyExcept((byte)0) >= 0)
        {
            fresh = new StaticIdentity(privateKey);
            if (_identity is not null && _identity.PublicKey.SequenceEqual(fresh.PublicKey))
            {
                fresh.Dispose();
                return;
            }

            // A peer with our own public key makes no sense (wireguard-go removes it too).
            if (_peers.GetValueOrDefault(PublicKeyId.From(fresh.PublicKey)) is Peer self)
            {
                RemovePeerLocked(self);
            }
        }

        StaticIdentity? old = Interlocked.Exchange(ref _identity, fresh);
        // Sessions and handshakes were made with the old key: none may be used again.
        foreach (Peer peer in _peerOrder)
        {
            peer.ExpireCurrentKeypairs();
        }

        old?.Dispose();
    }

    private void ApplyPeer(UapiPeerChange change)
    {
        PublicKeyId id = PublicKeyId.From(change.PublicKey);
        Peer? peer = _peers.GetValueOrDefault(id);
        if (change.Remove)
        {
            if (peer is not null)
            {
                RemovePeerLocked(peer);
            }

            return;
        }

        if (peer is null)
        {
            if (change.UpdateOnly || (_identity is not null && _identity.PublicKey.SequenceEqual(change.PublicKey)))
            {
                return;
            }

            peer = new Peer(this, change.PublicKey);
            _peers.Add(id, peer);
            _peerOrder.Add(peer);
        }

        if (change.PresharedKey is byte[] psk)
        {
            peer.SetPresharedKey(psk.AsSpan().IndexOfAnyExcept((byte)0) < 0 ? [] : psk);
        }

        if (change.Endpoint is IPEndPoint endpoint)
        {
            peer.SetEndpoint(endpoint);
        }

        if (change.ReplaceAllowedIps)
        {
            AllowedIps.RemoveAll(peer);
        }

        foreach (IPNetwork prefix in change.AllowedIps)
        {
            AllowedIps.Insert(prefix, peer);
        }

        if (change.Forwarding is bool forwarding)
        {
            peer.Forwarding = forwarding;
        }

        if (change.PersistentKeepaliveInterval is ushort interval)
        {
            peer.SetPersistentKeepalive(interval);
        }
    }

    private void RemovePeerLocked(Peer peer)
    {
        _peers.Remove(peer.Id);
        _peerOrder.Remove(peer);
        AllowedIps.RemoveAll(peer);
        peer.Dispose();
    }
}
