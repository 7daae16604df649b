using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.Support;

/// <summary>The library's logs in the test's output (shown when it fails), one line per entry.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public static ILoggerFactory Factory(ITestOutputHelper output) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new TestOutputLoggerProvider(output)));

    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{logLevel,-11} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test already ended: xunit refuses late output.
            }
        }
    }
}
