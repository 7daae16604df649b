namespace Dvpn.Client.Persistence;

/// <summary>
/// The client's ledger cannot be used: not a database, another program's, written by a newer version, damaged, or
/// not writable. The message names the file and what to do; the client refuses to start rather than recreate a
/// ledger that holds the spend and the nonces already handed out.
/// </summary>
internal sealed class ClientStoreException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ClientStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
