namespace Dvpn.Chain.Wallet;

/// <summary>
/// A keystore could not be opened or saved. Never transient: trying again with the same file and passphrase fails
/// the same way. Messages never contain the passphrase or key material.
/// </summary>
public sealed class KeystoreException : ChainException
{
    /// <summary>Creates an exception for <paramref name="error"/>.</summary>
    public KeystoreException(KeystoreError error, string message, Exception? innerException = null)
        : base(message, isTransient: false, innerException) => Error = error;

    /// <summary>Creates an exception with a message (reason <see cref="KeystoreError.Corrupt"/>).</summary>
    public KeystoreException(string message) : this(KeystoreError.Corrupt, message) { }

    /// <summary>Creates an exception with a message and cause (reason <see cref="KeystoreError.Corrupt"/>).</summary>
    public KeystoreException(string message, Exception? innerException) : this(KeystoreError.Corrupt, message, innerException) { }

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public KeystoreException() : this(KeystoreError.Corrupt, "the keystore could not be read") { }

    /// <summary>What went wrong.</summary>
    public KeystoreError Error { get; }
}
