using Dvpn.Client.Persistence;
using Dvpn.Client.Stats;

namespace Dvpn.Client.Tests.Persistence;

public sealed class SessionHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly LedgerFixture _ledger = new(T0);
    private readonly ClientStore _store;

    public SessionHistoryTests() => _store = _ledger.Open();

    public void Dispose() => _ledger.Dispose();

    private static SessionRecord Started(string id, DateTimeOffset at) =>
        new(id, LedgerFixture.Provider, 1_000_000, at, null, 0, 0, 0, 0, null);

    [Fact]
    public void History_RunningSession_HasNoEndAndTheLatestProgress()
    {
        _store.RecordSessionStart(Started("aa", T0));

        _store.RecordSessionProgress("aa", 1000, 2000);
        _store.RecordSessionProgress("aa", 3000, 5000);

        Assert.Equal(Started("aa", T0) with { BytesSent = 3000, BytesReceived = 5000 }, Assert.Single(_store.GetHistory(10)));
    }

    [Fact]
    public void History_EndedSession_HasItsEndReasonBytesAndTheSpendOfItsTickets()
    {
        _store.RecordSessionStart(Started("aa", T0));
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(7, session: "aa"), LedgerFixture.NoCaps));
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(8, session: "aa"), LedgerFixture.NoCaps));
        TestDecisions.Authorized(_store.AuthorizeTicket(LedgerFixture.Spend(100, session: "bb"), LedgerFixture.NoCaps));

        _store.RecordSessionEnd("aa", T0.AddMinutes(5), "user disconnected", 10, 20);

        SessionRecord record = Assert.Single(_store.GetHistory(10));
        Assert.Equal(new SessionRecord("aa", LedgerFixture.Provider, 1_000_000, T0, T0.AddMinutes(5), 10, 20, 15, 2, "user disconnected"), record);
    }

    [Fact]
    public void History_IsNewestFirstAndLimited()
    {
        _store.RecordSessionStart(Started("01", T0));
        _store.RecordSessionStart(Started("03", T0.AddHours(2)));
        _store.RecordSessionStart(Started("02", T0.AddHours(1)));

        Assert.Equal(["03", "02"], _store.GetHistory(2).Select(s => s.SessionId));
        Assert.Equal(["03", "02", "01"], _store.GetHistory(100).Select(s => s.SessionId));
    }

    [Fact]
    public void History_SessionsStartedAtTheSameInstant_NewestRecordedFirst()
    {
        _store.RecordSessionStart(Started("01", T0));
        _store.RecordSessionStart(Started("02", T0));

        Assert.Equal(["02", "01"], _store.GetHistory(10).Select(s => s.SessionId));
    }

    [Fact]
    public void RecordSessionEnd_Twice_KeepsTheFirstEnd()
    {
        _store.RecordSessionStart(Started("aa", T0));
        _store.RecordSessionEnd("aa", T0.AddMinutes(1), "first", 1, 1);

        _store.RecordSessionEnd("aa", T0.AddMinutes(2), "second", 2, 2);
        _store.RecordSessionProgress("aa", 3, 3);

        SessionRecord record = Assert.Single(_store.GetHistory(10));
        Assert.Equal(("first", 1UL, T0.AddMinutes(1)), (record.EndReason, record.BytesSent, record.Ended!.Value));
    }

    [Fact]
    public void RecordSessionStart_SameIdAgain_KeepsTheFirstRecord()
    {
        _store.RecordSessionStart(Started("aa", T0));

        _store.RecordSessionStart(Started("AA", T0.AddHours(1)) with { Provider = "0x9999999999999999999999999999999999999999" });

        SessionRecord record = Assert.Single(_store.GetHistory(10));
        Assert.Equal((T0, LedgerFixture.Provider), (record.Started, record.Provider));
    }

    [Fact]
    public void RecordProgressAndEnd_UnknownSession_AreIgnored()
    {
        _store.RecordSessionProgress("ff", 1, 2);
        _store.RecordSessionEnd("ff", T0, "gone", 1, 2);

        Assert.Empty(_store.GetHistory(10));
    }

    [Fact]
    public void History_ByteCountsAbove2To63_RoundTrip()
    {
        _store.RecordSessionStart(Started("aa", T0));

        _store.RecordSessionProgress("aa", ulong.MaxValue, (ulong)long.MaxValue + 1);

        SessionRecord record = Assert.Single(_store.GetHistory(1));
        Assert.Equal((ulong.MaxValue, (ulong)long.MaxValue + 1), (record.BytesSent, record.BytesReceived));
    }

    [Fact]
    public void History_SurvivesReopen()
    {
        _store.RecordSessionStart(Started("aa", T0));
        _store.RecordSessionEnd("aa", T0.AddMinutes(1), "cap reached", 5, 6);

        ClientStore reopened = _ledger.Open();

        Assert.Equal(_store.GetHistory(5), reopened.GetHistory(5));
    }

    [Fact]
    public void GetHistory_NonPositiveLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _store.GetHistory(0));
    }
}
