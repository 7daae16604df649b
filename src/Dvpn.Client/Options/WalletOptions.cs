namespace Dvpn.Client.Options;

/// <summary>
/// The two keys of a lottery account (DESIGN §3): the signer, a hot key that only signs tickets and session requests,
/// and the funder, which holds the money and funds, warns and withdraws. Both are encrypted keystore files (Web3
/// Secret Storage, as <c>Dvpn.Chain.Wallet.Keystore</c> writes them).
/// </summary>
public sealed class WalletOptions
{
    /// <summary>The signer's keystore file. Required; no default.</summary>
    public string SignerKeystorePath { get; set; } = "";

    /// <summary>A file holding the signer keystore's passphrase (first line). Required; no default.</summary>
    public string SignerPassphraseFile { get; set; } = "";

    /// <summary>
    /// The funder's keystore file; null (the default) means money moves (fund, warn, withdraw) are not available from
    /// this client and the funder is given by <see cref="FunderAddress"/>.
    /// </summary>
    public string? FunderKeystorePath { get; set; }

    /// <summary>A file holding the funder keystore's passphrase; required with <see cref="FunderKeystorePath"/>.</summary>
    public string? FunderPassphraseFile { get; set; }

    /// <summary>
    /// The funder's address when its key is kept elsewhere (a cold wallet). Ignored when
    /// <see cref="FunderKeystorePath"/> is set. Default null.
    /// </summary>
    public string? FunderAddress { get; set; }

    /// <summary>
    /// Lets the signer key also be the funder (no funder configured at all). Refused unless the chain is a local
    /// devnet (chain id 31337 or 1337) or this is set. Default false.
    /// </summary>
    public bool AllowSingleKey { get; set; }

    /// <summary>The payment token; the default <c>0x000…0</c> is the chain's native coin.</summary>
    public string Token { get; set; } = "0x0000000000000000000000000000000000000000";
}
