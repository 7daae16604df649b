using Serilog.Events;
using Serilog.Formatting;

namespace Dvpn.Daemon.Logging;

/// <summary>
/// Console lines for journald (run by systemd, JOURNAL_STREAM set): each line starts with the sd-daemon(3) priority
/// prefix (<c>&lt;6&gt;</c> for information) and carries no timestamp, since the journal stamps every line itself.
/// Every line of a multi-line event (an exception's stack) gets the prefix, so none falls back to the default priority.
/// </summary>
internal sealed class JournaldFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        string prefix = $"<{Priority(logEvent.Level)}>";
        string category = logEvent.Properties.TryGetValue("SourceContext", out LogEventPropertyValue? source) && source is ScalarValue { Value: string s }
            ? ShortCategory(s)
            : "dvpnd";
        string text = $"{category}: {LogText.Message(logEvent)}";
        if (logEvent.Exception is { } exception)
        {
            text += Environment.NewLine + exception;
        }

        foreach (string line in text.Split('\n'))
        {
            output.Write(prefix);
            output.Write(line.TrimEnd('\r'));
            output.Write('\n');
        }
    }

    /// <summary>sd-daemon(3): 7 debug, 6 info, 4 warning, 3 err, 2 crit.</summary>
    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => 7,
        LogEventLevel.Information => 6,
        LogEventLevel.Warning => 4,
        LogEventLevel.Error => 3,
        _ => 2,
    };

    /// <summary>The last segment of a logger category (<c>TunnelMachine</c> for <c>Dvpn.Client.State.TunnelMachine</c>).</summary>
    public static string ShortCategory(string category)
    {
        int dot = category.LastIndexOf('.');
        return dot >= 0 && dot < category.Length - 1 ? category[(dot + 1)..] : category;
    }
}
