namespace Dvpn.WireGuard.Configuration;

/// <summary>
/// A wg-quick <c>.conf</c> file could not be read. The message names the line and the setting but never repeats a
/// key's value.
/// </summary>
public class WgQuickFormatException : FormatException
{
    /// <summary>Creates an exception with a message.</summary>
    public WgQuickFormatException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public WgQuickFormatException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for the 1-based <paramref name="lineNumber"/>.</summary>
    public WgQuickFormatException(string message, int lineNumber) : base($"line {lineNumber}: {message}") => LineNumber = lineNumber;

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public WgQuickFormatException() { }

    /// <summary>The 1-based line at fault; 0 when it is not one line.</summary>
    public int LineNumber { get; }
}
