namespace Dvpn.Client.Resolution;

/// <summary>The system's DNS configuration could not be changed or restored; <see cref="Failure"/> says which way. An
/// <see cref="IOException"/>, so callers handling file errors handle this one too.</summary>
internal sealed class DnsConfigurationException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DnsConfigurationException(DnsFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates an exception with a message (<see cref="DnsFailure.Io"/>).</summary>
    public DnsConfigurationException(string message)
        : this(DnsFailure.Io, message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception (<see cref="DnsFailure.Io"/>).</summary>
    public DnsConfigurationException(string message, Exception innerException)
        : this(DnsFailure.Io, message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public DnsConfigurationException()
        : this(DnsFailure.Io, "The DNS configuration could not be changed.")
    {
    }

    /// <summary>An <see cref="UnauthorizedAccessException"/> (EACCES, EPERM: not root) as an I/O failure, so callers
    /// catch one type.</summary>
    public static DnsConfigurationException AccessDenied(string path, UnauthorizedAccessException e) =>
        new(DnsFailure.Io, $"permission denied changing '{path}' (dvpnd needs root for DNS configuration): {e.Message}", e);

    /// <summary>Why it failed.</summary>
    public DnsFailure Failure { get; }
}
