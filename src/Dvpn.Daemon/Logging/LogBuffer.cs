using System.Threading.Channels;
using Serilog.Core;
using Serilog.Events;

namespace Dvpn.Daemon.Logging;

/// <summary>
/// An in-memory Serilog sink: the last <see cref="Capacity"/> lines, and live subscribers (WatchLogs), each with a
/// bounded queue. A subscriber that falls behind loses its oldest queued lines, never the daemon's memory or speed.
/// </summary>
internal sealed class LogBuffer : ILogEventSink
{
    public const int Capacity = 1000;

    /// <summary>Lines one subscriber may have queued before its oldest are dropped.</summary>
    public const int SubscriberQueue = 1000;

    private readonly Lock _gate = new();
    private readonly LogRecord?[] _ring = new LogRecord?[Capacity];
    private readonly List<Channel<LogRecord>> _subscribers = [];
    private int _next;
    private int _count;

    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        string category = logEvent.Properties.TryGetValue("SourceContext", out LogEventPropertyValue? source) && source is ScalarValue { Value: string s }
            ? s
            : "dvpnd";
        string message = LogText.Message(logEvent);
        if (logEvent.Exception is { } e)
        {
            // The type and message only: stacks are for the file and the journal, not for every subscriber.
            message += $" ({e.GetType().Name}: {e.Message})";
        }

        var record = new LogRecord(logEvent.Timestamp, logEvent.Level, category, message);
        lock (_gate)
        {
            _ring[_next] = record;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
            foreach (Channel<LogRecord> subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(record);
            }
        }
    }

    /// <summary>The last <paramref name="backlog"/> lines, oldest first.</summary>
    public IReadOnlyList<LogRecord> Recent(int backlog)
    {
        lock (_gate)
        {
            return RecentLocked(backlog);
        }
    }

    /// <summary>The backlog and a live feed of every line after it, taken atomically: nothing is lost or repeated
    /// between the two. Dispose the subscription to stop the feed.</summary>
    public Subscription Subscribe(int backlog)
    {
        var channel = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(SubscriberQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
            return new Subscription(this, channel, RecentLocked(backlog));
        }
    }

    private List<LogRecord> RecentLocked(int backlog)
    {
        int take = Math.Clamp(backlog, 0, _count);
        var lines = new List<LogRecord>(take);
        for (int i = take; i > 0; i--)
        {
            lines.Add(_ring[((_next - i) % Capacity + Capacity) % Capacity]!);
        }

        return lines;
    }

    private void Unsubscribe(Channel<LogRecord> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    /// <summary>A live feed of log lines.</summary>
    internal sealed class Subscription(LogBuffer owner, Channel<LogRecord> channel, IReadOnlyList<LogRecord> backlog) : IDisposable
    {
        public IReadOnlyList<LogRecord> Backlog { get; } = backlog;

        public ChannelReader<LogRecord> Live => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
