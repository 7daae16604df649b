namespace Dvpn.Chain.Wallet;

/// <summary>Why a keystore could not be read or written.</summary>
public enum KeystoreError
{
    /// <summary>The passphrase does not open the file (its MAC does not match).</summary>
    WrongPassphrase = 1,

    /// <summary>The file is not a well-formed keystore: not JSON, truncated, a missing field, bad hex, a bad key.</summary>
    Corrupt = 2,

    /// <summary>A well-formed keystore this code does not handle: another version, KDF, cipher or out-of-range KDF parameters.</summary>
    Unsupported = 3,

    /// <summary>The file could not be read or written.</summary>
    Io = 4,
}
