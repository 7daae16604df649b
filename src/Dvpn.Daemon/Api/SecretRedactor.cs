using System.Text.RegularExpressions;
using Dvpn.Client.Options;
using Microsoft.Extensions.Options;

namespace Dvpn.Daemon.Api;

/// <summary>
/// Removes secret-ish text before it reaches a caller who is not an operator (WatchLogs) or leaves the machine
/// (problem reports): the paths of the key and passphrase files (where the keys are is itself worth hiding), and
/// credentials inside URLs (user:password@, and the path and query of JSON-RPC URLs, where providers put API keys).
/// Keys and passphrases themselves never reach a log line or an answer in the first place.
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Redacted = "[redacted]";
    private readonly string[] _paths;

    public SecretRedactor(IOptions<DvpnClientOptions> options)
        : this(KeyPaths(options.Value.Wallet))
    {
    }

    internal SecretRedactor(IEnumerable<string?> paths) =>
        _paths = [.. paths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length)];

    public string Redact(string text)
    {
        foreach (string path in _paths)
        {
            text = text.Replace(path, Redacted, StringComparison.Ordinal);
        }

        return UrlCredentials().Replace(text, m => $"{m.Groups["scheme"].Value}://{Redacted}@");
    }

    /// <summary>A URL with its user info, path and query replaced (scheme, host and port stay, for support).</summary>
    public static string RedactUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https" or "ws" or "wss"
            ? uri.PathAndQuery is "/" or "" && uri.UserInfo.Length == 0 ? value : $"{uri.Scheme}://{uri.Authority}/{Redacted}"
            : value;

    /// <summary>The file paths <see cref="Redact"/> hides.</summary>
    internal static IEnumerable<string?> KeyPaths(WalletOptions wallet) =>
        [wallet.SignerKeystorePath, wallet.SignerPassphraseFile, wallet.FunderKeystorePath, wallet.FunderPassphraseFile];

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.-]*)://[^/\s@]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();
}
