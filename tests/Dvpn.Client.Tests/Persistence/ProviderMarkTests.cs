using Dvpn.Client.Events;
using Dvpn.Client.Persistence;

namespace Dvpn.Client.Tests.Persistence;

public sealed class ProviderMarkTests : IDisposable
{
    private const string A = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private readonly LedgerFixture _ledger = new(T0);
    private readonly ClientStore _store;

    public ProviderMarkTests() => _store = _ledger.Open();

    public void Dispose() => _ledger.Dispose();

    private static ProviderMark Mark(string address, TimeSpan avoidFor, ProviderFailureReason reason = ProviderFailureReason.Unreachable) =>
        new(address, reason, reason.ToString(), T0, T0 + avoidFor);

    [Fact]
    public void GetActiveMarks_ReturnsOnlyMarksEndingAfterNow()
    {
        _store.MarkProvider(Mark(A, TimeSpan.FromMinutes(10)));
        _store.MarkProvider(Mark(B, TimeSpan.FromMinutes(20)));

        Assert.Equal([Mark(A, TimeSpan.FromMinutes(10)), Mark(B, TimeSpan.FromMinutes(20))], _store.GetActiveMarks(T0));
        Assert.Equal([B], _store.GetActiveMarks(T0.AddMinutes(10)).Select(m => m.Address)); // Until == now: over
        Assert.Empty(_store.GetActiveMarks(T0.AddMinutes(20)));
    }

    [Fact]
    public void MarkProvider_ShorterMarkForAMarkedProvider_KeepsTheLongerOne()
    {
        ProviderMark longMark = Mark(A, TimeSpan.FromHours(1), ProviderFailureReason.OverClaimed);
        _store.MarkProvider(longMark);

        _store.MarkProvider(Mark(A, TimeSpan.FromMinutes(5)));

        Assert.Equal([longMark], _store.GetActiveMarks(T0));
    }

    [Fact]
    public void MarkProvider_LongerMarkForAMarkedProvider_ReplacesIt()
    {
        _store.MarkProvider(Mark(A, TimeSpan.FromMinutes(5)));
        ProviderMark longer = Mark(A, TimeSpan.FromHours(1), ProviderFailureReason.ProtocolViolation) with { At = T0.AddMinutes(1) };

        _store.MarkProvider(longer);

        Assert.Equal([longer], _store.GetActiveMarks(T0));
    }

    [Fact]
    public void MarkProvider_AddressInAnotherCase_IsTheSameProvider()
    {
        _store.MarkProvider(Mark(A, TimeSpan.FromMinutes(5)));

        _store.MarkProvider(Mark(A.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), TimeSpan.FromMinutes(50)));

        Assert.Equal(T0.AddMinutes(50), Assert.Single(_store.GetActiveMarks(T0)).Until);
    }

    [Fact]
    public void Marks_SurviveReopen()
    {
        _store.MarkProvider(Mark(A, TimeSpan.FromMinutes(5), ProviderFailureReason.HandshakeFailed));

        ClientStore reopened = _ledger.Open();

        Assert.Equal(_store.GetActiveMarks(T0), reopened.GetActiveMarks(T0));
    }
}
