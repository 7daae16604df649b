using System.Globalization;
using Dvpn.Client;
using Dvpn.Client.Stats;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Api;

/// <summary>StatsService: the current session's figures, a stream of them, and the history.</summary>
internal sealed class StatsApi(DvpnClient client, TimeProvider time, IHostApplicationLifetime lifetime) : V1.StatsService.StatsServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    public override Task<V1.SessionStats> GetSessionStats(V1.GetSessionStatsRequest request, ServerCallContext context) =>
        Task.FromResult(client.CurrentSession?.ToProto()
            ?? throw ApiErrors.Create(StatusCode.FailedPrecondition, V1.ErrorReason.NotConnected, "not connected: there is no session"));

    public override async Task WatchStats(V1.WatchStatsRequest request, IServerStreamWriter<V1.SessionStats> responseStream, ServerCallContext context)
    {
        TimeSpan interval = request.Interval is null ? DefaultInterval : request.Interval.ToTimeSpan();
        if (interval < MinInterval)
        {
            throw ApiErrors.InvalidArgument("interval", "must be at least 100 ms", V1.ErrorReason.InvalidValue);
        }

        using var timer = new PeriodicTimer(interval, time);
        // Ends when the caller hangs up or the daemon stops (a stream must not hold the shutdown).
        using var live = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            do
            {
                if (client.CurrentSession is { } stats)
                {
                    await responseStream.WriteAsync(stats.ToProto(), live.Token).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(live.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The daemon is stopping: the stream ends with OK.
        }
    }

    public override Task<V1.ListSessionsResponse> ListSessions(V1.ListSessionsRequest request, ServerCallContext context)
    {
        (int offset, int size) = Page(request.Page);
        IReadOnlyList<SessionRecord> records = client.GetHistory(offset + size + 1);
        var response = new V1.ListSessionsResponse();
        response.Sessions.AddRange(records.Skip(offset).Take(size).Select(r => r.ToProto()));
        if (records.Count > offset + size)
        {
            response.NextPageToken = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    /// <summary>Page tokens are offsets as decimal text; anything else is INVALID_ARGUMENT.</summary>
    internal static (int Offset, int Size) Page(V1.PageRequest? page)
    {
        int size = page is null || page.PageSize == 0 ? DefaultPageSize : (int)Math.Min(page.PageSize, int.MaxValue);
        if (size > MaxPageSize)
        {
            throw ApiErrors.InvalidArgument("page.page_size", $"must be at most {MaxPageSize}", V1.ErrorReason.InvalidValue);
        }

        int offset = 0;
        if (page is { PageToken.Length: > 0 }
            && (!int.TryParse(page.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > 1_000_000))
        {
            throw ApiErrors.InvalidArgument("page.page_token", "is not a token this server gave out", V1.ErrorReason.InvalidPageToken);
        }

        return (offset, size);
    }
}
