namespace Dvpn.Provider.Hosting;

/// <summary>
/// The keystore passphrase: the first line of <c>Provider:Keystore:PassphraseFile</c>, or the environment variable
/// <c>DVPN_PROVIDER_PASSPHRASE</c>. Returned as a char array the caller wipes.
/// </summary>
internal static class KeystorePassphrase
{
    /// <summary>A passphrase file larger than this is a mistake (the wrong file).</summary>
    private const int MaxFileSize = 4096;

    /// <exception cref="ProviderStartupException">No passphrase, or the file cannot be read.</exception>
    public static char[] Read(KeystoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PassphraseFile is { Length: > 0 } file)
        {
            try
            {
                if (new FileInfo(file).Length > MaxFileSize)
                {
                    throw new ProviderStartupException("Provider:Keystore:PassphraseFile", $"'{file}' is too large to be a passphrase file",
                        "point it at a file holding only the keystore passphrase");
                }

                string text = File.ReadAllText(file);
                int end = text.IndexOfAny(['\r', '\n']);
                return (end < 0 ? text : text[..end]).ToCharArray();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ProviderStartupException("Provider:Keystore:PassphraseFile", $"cannot read the passphrase file '{file}': {e.Message}",
                    "point it at a readable file holding the keystore passphrase");
            }
        }

        if (Environment.GetEnvironmentVariable(KeystoreOptions.PassphraseVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.ToCharArray();
        }

        throw new ProviderStartupException("Provider:Keystore:PassphraseFile", "no keystore passphrase was given",
            $"set Provider:Keystore:PassphraseFile to a file holding it, or the environment variable {KeystoreOptions.PassphraseVariable}");
    }
}
