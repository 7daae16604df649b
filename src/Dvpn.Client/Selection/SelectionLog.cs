using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Selection;

/// <summary>Selection's log messages (event ids 240-279).</summary>
internal static partial class SelectionLog
{
    [LoggerMessage(EventId = 240, Level = LogLevel.Warning,
        Message = "No provider passes the selection constraints: {Excluded} of {Total} excluded (see the selection preview for each reason)")]
    public static partial void NoEligibleProvider(this ILogger logger, int excluded, int total);

    [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "Pinned provider {Address} cannot be used: {Reason}")]
    public static partial void PinnedNotEligible(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 242, Level = LogLevel.Warning,
        Message = "None of the {Probed} probed providers ({Eligible} eligible) accepted a TCP connection in time")]
    public static partial void NoCandidateAnswered(this ILogger logger, int probed, int eligible);

    [LoggerMessage(EventId = 243, Level = LogLevel.Information,
        Message = "Selected provider {Address} (TCP connect {Latency}) of {Eligible} eligible; {Answered} of {Probed} probed answered")]
    public static partial void Selected(this ILogger logger, string address, TimeSpan latency, int eligible, int answered, int probed);

    [LoggerMessage(EventId = 244, Level = LogLevel.Debug, Message = "Probe of {Endpoint} failed: {Reason}")]
    public static partial void ProbeFailed(this ILogger logger, Uri endpoint, string reason);
}
