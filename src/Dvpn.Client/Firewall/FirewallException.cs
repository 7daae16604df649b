namespace Dvpn.Client.Firewall;

/// <summary>The kill switch could not be installed, removed or read; <see cref="Failure"/> says which way.</summary>
internal sealed class FirewallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FirewallException(FirewallFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Creates an exception with a message (<see cref="FirewallFailure.Refused"/>).</summary>
    public FirewallException(string message)
        : this(FirewallFailure.Refused, message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception (<see cref="FirewallFailure.Refused"/>).</summary>
    public FirewallException(string message, Exception innerException)
        : this(FirewallFailure.Refused, message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public FirewallException()
        : this(FirewallFailure.Refused, "The firewall operation failed.")
    {
    }

    /// <summary>Why it failed.</summary>
    public FirewallFailure Failure { get; }
}
