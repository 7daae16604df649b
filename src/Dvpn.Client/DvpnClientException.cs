using Dvpn.Client.State;

namespace Dvpn.Client;

/// <summary>
/// A failure of the client that callers act on: no provider, a spending cap, funds, tunnel setup, chain. Misuse
/// throws the standard argument and state exceptions instead.
/// </summary>
public sealed class DvpnClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DvpnClientException(ErrorCause cause, string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Cause = cause;
        IsTransient = isTransient;
    }

    /// <summary>Creates an exception with no specific cause (for serializers and tools).</summary>
    public DvpnClientException()
        : this(ErrorCause.TunnelSetupFailed, "The DvpnClient operation failed.", isTransient: false)
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public DvpnClientException(string message)
        : this(ErrorCause.TunnelSetupFailed, message, isTransient: false)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public DvpnClientException(string message, Exception innerException)
        : this(ErrorCause.TunnelSetupFailed, message, isTransient: false, innerException)
    {
    }

    /// <summary>Why the client cannot do what was asked.</summary>
    public ErrorCause Cause { get; }

    /// <summary>True when retrying later may succeed without anything changing (the chain is down, providers
    /// are busy); false when the user must act (funds, caps, configuration).</summary>
    public bool IsTransient { get; }
}
