namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// A UAPI peer answered with something that is not the cross-platform protocol: a truncated or over-long reply, a
/// line without <c>=</c>, a bad number, key, endpoint or network. The message names the line and the attribute but
/// never contains a private or preshared key.
/// </summary>
public class UapiProtocolException : WireGuardException
{
    /// <summary>Creates an exception with a message.</summary>
    public UapiProtocolException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public UapiProtocolException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception naming the 1-based <paramref name="lineNumber"/> of the reply at fault.</summary>
    public UapiProtocolException(string message, int lineNumber) : base(message) => LineNumber = lineNumber;

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public UapiProtocolException() { }

    /// <summary>The 1-based line of the reply at fault; null when the fault is not one line (truncation, size).</summary>
    public int? LineNumber { get; }
}
