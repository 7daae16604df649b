namespace Dvpn.WireGuard.Uapi;

/// <summary>Why a UAPI reply was rejected; <paramref name="Line"/> is 1-based, null when no single line is at fault.</summary>
internal readonly record struct UapiParseError(string Message, int? Line)
{
    public UapiProtocolException ToException() => Line is { } line
        ? new UapiProtocolException($"malformed UAPI reply, line {line}: {Message}", line)
        : new UapiProtocolException($"malformed UAPI reply: {Message}");
}
