namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// The UAPI peer completed the exchange but reported failure with a non-zero <c>errno=N</c> line. wireguard-go
/// reports negated errno values (for example <c>-22</c>, EINVAL, for an invalid attribute).
/// </summary>
public class UapiErrnoException : WireGuardException
{
    /// <summary>Creates an exception with a message.</summary>
    public UapiErrnoException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public UapiErrnoException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for <paramref name="errno"/> returned by <paramref name="operation"/>.</summary>
    public UapiErrnoException(string operation, long errno)
        : base($"UAPI {operation} failed with errno={errno}") => Errno = errno;

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public UapiErrnoException() { }

    /// <summary>The errno value exactly as reported (signed; wireguard-go sends negative values).</summary>
    public long Errno { get; }
}
