using System.Net;
using Dvpn.Provider.Sessions;

namespace Dvpn.Provider.Tests.Sessions;

public sealed class SessionManagerTests : IDisposable
{
    private readonly SessionKit _kit = new();

    [Fact]
    public void TryAdd_Session_IsFoundByIdKeyAndEveryAddress()
    {
        var manager = new SessionManager(10);
        Session session = _kit.OpenSession(ipv6: true);

        Assert.Equal(SessionAddResult.Added, manager.TryAdd(session));

        Assert.Same(session, manager.Find(session.Id));
        Assert.Same(session, manager.FindByKey(session.WireGuardKey));
        Assert.Same(session, manager.FindByAddress(session.Addresses.IPv4));
        Assert.Same(session, manager.FindByAddress(session.Addresses.IPv6!));
        Assert.True(manager.IsKeyInUse(session.WireGuardKey));
        Assert.Equal(1, manager.Count);
    }

    [Fact]
    public void FindByAddress_IPv4MappedIPv6_FindsTheIPv4Session()
    {
        var manager = new SessionManager(10);
        Session session = _kit.OpenSession();
        manager.TryAdd(session);

        Assert.Same(session, manager.FindByAddress(session.Addresses.IPv4.MapToIPv6()));
    }

    [Fact]
    public void Close_ReturnsTheOpenSessions_AndRefusesNewOnes()
    {
        var manager = new SessionManager(10);
        Session open = _kit.OpenSession();
        manager.TryAdd(open);

        Session[] toEnd = manager.Close();

        Assert.Equal([open], toEnd);
        Session late = _kit.OpenSession();
        Assert.Equal(SessionAddResult.Closed, manager.TryAdd(late));
        Assert.Null(manager.Find(late.Id));
    }

    [Fact]
    public void TryAdd_AtMaxSessions_IsFull()
    {
        var manager = new SessionManager(2);
        Assert.Equal(SessionAddResult.Added, manager.TryAdd(_kit.OpenSession()));
        Assert.Equal(SessionAddResult.Added, manager.TryAdd(_kit.OpenSession()));

        Session third = _kit.OpenSession();
        Assert.Equal(SessionAddResult.Full, manager.TryAdd(third));
        Assert.Null(manager.Find(third.Id));
        Assert.Equal(2, manager.Count);
    }

    [Fact]
    public void TryAdd_SameWireGuardKeyTwice_SecondIsKeyInUse()
    {
        var manager = new SessionManager(10);
        Session first = _kit.OpenSession();
        manager.TryAdd(first);
        Session second = new(SessionId.New(), RequestWithKey(first), first.Addresses with { IPv4 = IPAddress.Parse("10.77.9.9") },
            _kit.Settings, _kit.Time.GetUtcNow());

        Assert.Equal(SessionAddResult.KeyInUse, manager.TryAdd(second));
        Assert.Same(first, manager.FindByKey(first.WireGuardKey));
    }

    [Fact]
    public void TryAdd_AddressAlreadyTaken_IsConflictAndChangesNothing()
    {
        var manager = new SessionManager(10);
        Session first = _kit.OpenSession();
        manager.TryAdd(first);
        Session other = _kit.OpenSession();
        Session sameAddress = new(SessionId.New(), RequestWithKey(other), first.Addresses, _kit.Settings, _kit.Time.GetUtcNow());

        Assert.Equal(SessionAddResult.Conflict, manager.TryAdd(sameAddress));
        Assert.Same(first, manager.FindByAddress(first.Addresses.IPv4));
        Assert.False(manager.IsKeyInUse(other.WireGuardKey));
    }

    [Fact]
    public void Remove_Session_ClearsEveryIndex()
    {
        var manager = new SessionManager(10);
        Session session = _kit.OpenSession(ipv6: true);
        manager.TryAdd(session);

        Assert.True(manager.Remove(session));

        Assert.Null(manager.Find(session.Id));
        Assert.Null(manager.FindByKey(session.WireGuardKey));
        Assert.Null(manager.FindByAddress(session.Addresses.IPv4));
        Assert.Null(manager.FindByAddress(session.Addresses.IPv6!));
        Assert.Equal(0, manager.Count);
        Assert.False(manager.Remove(session));
    }

    [Fact]
    public void Snapshot_ReturnsEveryOpenSession()
    {
        var manager = new SessionManager(10);
        Session a = _kit.OpenSession();
        Session b = _kit.OpenSession();
        manager.TryAdd(a);
        manager.TryAdd(b);
        manager.Remove(a);

        Assert.Equal([b], manager.Snapshot());
    }

    public void Dispose() => _kit.Dispose();

    private Dvpn.Protocol.Sessions.SessionRequest RequestWithKey(Session session) =>
        new(SessionKit.ChainId, SessionKit.Lottery, SessionKit.Provider, session.WireGuardKey.ToArray(), SessionKit.Funder, session.Signer,
            session.Token, _kit.Time.GetUtcNow(), new byte[16], false);
}
