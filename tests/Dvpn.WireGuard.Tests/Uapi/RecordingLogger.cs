using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>Keeps every formatted message, to check what is (and is not) logged.</summary>
internal sealed class RecordingLogger : ILogger, ILoggerFactory
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Enqueue(formatter(state, exception) + (exception is null ? "" : " | " + exception));

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
