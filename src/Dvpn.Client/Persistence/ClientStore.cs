using Dvpn.Client.Spending;
using Dvpn.Client.State;
using Dvpn.Client.Stats;

namespace Dvpn.Client.Persistence;

/// <summary>
/// STUB (owned by the persistence work): the client's SQLite file. See /work/spec/issue5.md.
/// </summary>
internal sealed class ClientStore : IDisposable
{
    public static ClientStore Open(string path, TimeProvider time) => throw new NotImplementedException();

    public SpendDecision AuthorizeTicket(TicketSpend spend, SpendPolicy policy) => throw new NotImplementedException();

    public SpendSummary GetSpendSummary(SpendPolicy policy, string? currentSessionId) => throw new NotImplementedException();

    public ulong GetLastNonce(string signer) => throw new NotImplementedException();

    public void RaiseNonceFloor(string signer, ulong atLeast) => throw new NotImplementedException();

    public void RecordSessionStart(SessionRecord session) => throw new NotImplementedException();

    public void RecordSessionProgress(string sessionId, ulong bytesSent, ulong bytesReceived) => throw new NotImplementedException();

    public void RecordSessionEnd(string sessionId, DateTimeOffset ended, string reason, ulong bytesSent, ulong bytesReceived) => throw new NotImplementedException();

    public IReadOnlyList<SessionRecord> GetHistory(int limit) => throw new NotImplementedException();

    public void MarkProvider(ProviderMark mark) => throw new NotImplementedException();

    public IReadOnlyList<ProviderMark> GetActiveMarks(DateTimeOffset now) => throw new NotImplementedException();

    public TargetState GetTarget() => throw new NotImplementedException();

    public void SetTarget(TargetState target) => throw new NotImplementedException();

    public SpendPolicy? GetPolicy() => throw new NotImplementedException();

    public void SetPolicy(SpendPolicy policy) => throw new NotImplementedException();

    public void Dispose()
    {
    }
}
