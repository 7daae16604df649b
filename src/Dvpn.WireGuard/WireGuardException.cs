namespace Dvpn.WireGuard;

/// <summary>
/// The one exception type for failures of a WireGuard device or the process behind it (a UAPI socket that does not
/// answer, an error code from the implementation, a backend that cannot run here). Bad configuration text is a
/// <see cref="Configuration.WgQuickFormatException"/>; misuse throws the standard argument exceptions.
/// </summary>
public class WireGuardException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public WireGuardException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public WireGuardException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception; <paramref name="isTransient"/> says whether retrying may succeed.</summary>
    public WireGuardException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public WireGuardException() { }

    /// <summary>True when the same call may succeed if tried again (a timeout, a process that is restarting).</summary>
    public bool IsTransient { get; }
}
