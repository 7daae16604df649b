using System.Numerics;
using Dvpn.Client.Options;
using Dvpn.Client.Persistence;
using Dvpn.Client.Spending;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.Client.Tests.Persistence;

/// <summary>A ledger file in a fresh temp directory (removed on dispose), a fake clock, and ticket builders.</summary>
internal sealed class LedgerFixture : IDisposable
{
    public const string Session = "0a0b0c0d";
    public const string Provider = "0x1111111111111111111111111111111111111111";
    public const string Signer = "0x2222222222222222222222222222222222222222";

    private readonly List<ClientStore> _opened = [];

    public LedgerFixture(DateTimeOffset? now = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("dvpn-client-ledger-").FullName;
        Time = new FakeTimeProvider(now ?? new DateTimeOffset(2025, 3, 14, 12, 0, 0, TimeSpan.Zero));
    }

    public string Directory { get; }

    public string DbPath => Path.Combine(Directory, "data", "client.db");

    public FakeTimeProvider Time { get; }

    /// <summary>Opens the ledger; every store opened is disposed with the fixture.</summary>
    public ClientStore Open(string? path = null)
    {
        ClientStore store = ClientStore.Open(path ?? DbPath, Time);
        _opened.Add(store);
        return store;
    }

    public static TicketSpend Spend(BigInteger ev, string session = Session, string signer = Signer) =>
        new(session, Provider, signer, ev, ev * 100, ulong.MaxValue / 100);

    public static SpendPolicy Policy(BigInteger? perSession = null, BigInteger? perDay = null, BigInteger? perMonth = null, double warnAt = 0.8) =>
        new(perSession, perDay, perMonth, MaxPricePerGiB: null, SpendCapAction.Disconnect, warnAt);

    public static SpendPolicy NoCaps => Policy();

    public void Dispose()
    {
        foreach (ClientStore store in _opened)
        {
            store.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
