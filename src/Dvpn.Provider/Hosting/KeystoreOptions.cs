namespace Dvpn.Provider.Hosting;

/// <summary>The provider's account key (configuration section <c>Provider:Keystore</c>).</summary>
internal sealed class KeystoreOptions
{
    /// <summary>The environment variable read for the passphrase when <see cref="PassphraseFile"/> is not set.</summary>
    public const string PassphraseVariable = "DVPN_PROVIDER_PASSPHRASE";

    /// <summary>
    /// The Web3 Secret Storage (v3) keystore holding the provider's key: its address is the provider's Directory
    /// listing, the tickets' recipient and the account that pays gas. Required.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>
    /// A file holding the keystore's passphrase (one line; a trailing newline is ignored). When not set, the passphrase
    /// comes from the environment variable <c>DVPN_PROVIDER_PASSPHRASE</c>. No default.
    /// </summary>
    public string? PassphraseFile { get; set; }
}
