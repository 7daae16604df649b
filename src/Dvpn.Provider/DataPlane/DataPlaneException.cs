namespace Dvpn.Provider.DataPlane;

/// <summary>
/// The data plane cannot be built or changed here: a missing upstream interface or <c>nft</c>, a WireGuard backend
/// that does not start, a rule set the kernel refuses. The message says what failed and what to do about it; the
/// cause, when there is one, is the inner exception.
/// </summary>
internal sealed class DataPlaneException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public DataPlaneException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public DataPlaneException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an empty exception.</summary>
    public DataPlaneException() { }
}
