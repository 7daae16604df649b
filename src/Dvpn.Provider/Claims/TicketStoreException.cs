namespace Dvpn.Provider.Claims;

/// <summary>
/// The provider database cannot be used: not a database, not this program's, written by a newer version, or
/// not writable. The message names the file and what to do; the provider refuses to start rather than guess.
/// </summary>
internal sealed class TicketStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public TicketStoreException(string message, Exception? innerException = null) : base(message, innerException) { }
}
