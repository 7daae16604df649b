using System.Net;
using Dvpn.WireGuard;

namespace Dvpn.Provider.Sessions;

/// <summary>
/// The open sessions, found by id (CloseSession, the payment hello), by WireGuard key (metering) and by tunnel
/// address (the payment call's source). All three indexes change together under one lock. Thread-safe.
/// </summary>
internal sealed class SessionManager
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, Session> _byId = [];
    private readonly Dictionary<PublicKey, Session> _byKey = [];
    private readonly Dictionary<IPAddress, Session> _byAddress = [];
    private bool _closed;

    /// <summary>Creates a registry holding at most <paramref name="maxSessions"/> sessions.</summary>
    public SessionManager(int maxSessions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessions, 1);
        MaxSessions = maxSessions;
    }

    public int MaxSessions { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Registers <paramref name="session"/> unless full or its key, id or addresses are taken.</summary>
    public SessionAddResult TryAdd(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_closed)
            {
                return SessionAddResult.Closed;
            }

            if (_byId.Count >= MaxSessions)
            {
                return SessionAddResult.Full;
            }

            if (_byKey.ContainsKey(session.WireGuardKey))
            {
                return SessionAddResult.KeyInUse;
            }

            if (_byId.ContainsKey(session.Id) || _byAddress.ContainsKey(session.Addresses.IPv4)
                || (session.Addresses.IPv6 is { } v6 && _byAddress.ContainsKey(v6)))
            {
                return SessionAddResult.Conflict;
            }

            _byId.Add(session.Id, session);
            _byKey.Add(session.WireGuardKey, session);
            _byAddress.Add(session.Addresses.IPv4, session);
            if (session.Addresses.IPv6 is { } ipv6)
            {
                _byAddress.Add(ipv6, session);
            }

            return SessionAddResult.Added;
        }
    }

    /// <summary>Takes no more sessions (the provider is stopping) and returns those still open, to be ended.</summary>
    public Session[] Close()
    {
        lock (_gate)
        {
            _closed = true;
            return [.. _byId.Values];
        }
    }

    /// <summary>Unregisters <paramref name="session"/>; false when it was not registered.</summary>
    public bool Remove(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (!_byId.TryGetValue(session.Id, out Session? registered) || !ReferenceEquals(registered, session))
            {
                return false;
            }

            _byId.Remove(session.Id);
            _byKey.Remove(session.WireGuardKey);
            _byAddress.Remove(session.Addresses.IPv4);
            if (session.Addresses.IPv6 is { } ipv6)
            {
                _byAddress.Remove(ipv6);
            }

            return true;
        }
    }

    public Session? Find(SessionId id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public Session? FindByKey(PublicKey key)
    {
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    /// <summary>The session a tunnel address belongs to (IPv4-mapped IPv6 addresses are read as IPv4).</summary>
    public Session? FindByAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        lock (_gate)
        {
            return _byAddress.GetValueOrDefault(address);
        }
    }

    public bool IsKeyInUse(PublicKey key)
    {
        lock (_gate)
        {
            return _byKey.ContainsKey(key);
        }
    }

    /// <summary>The sessions open now.</summary>
    public Session[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _byId.Values];
        }
    }
}
