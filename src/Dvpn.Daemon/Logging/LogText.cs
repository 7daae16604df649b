using System.Globalization;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Dvpn.Daemon.Logging;

internal static class LogText
{
    /// <summary>":lj": strings without quotes, as people read them (RenderMessage would quote every string).</summary>
    private static readonly MessageTemplateTextFormatter Formatter = new("{Message:lj}", CultureInfo.InvariantCulture);

    public static string Message(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Formatter.Format(logEvent, text);
        return text.ToString();
    }
}
