namespace Dvpn.Chain;

/// <summary>
/// The one exception type for failures of the chain, an RPC node or a contract call. Expected outcomes (a losing
/// ticket, a skipped claim) are values, not exceptions.
/// </summary>
public class ChainException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public ChainException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public ChainException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception; <paramref name="isTransient"/> says whether retrying may succeed.</summary>
    public ChainException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public ChainException() { }

    /// <summary>True when the same call may succeed if tried again (a node down, a timeout, a rate limit).</summary>
    public bool IsTransient { get; }
}
