using System.Text;
using Dvpn.Chain.Wallet;
using Dvpn.WireGuard;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// The provider's WireGuard private key in <c>&lt;DataDirectory&gt;/wireguard.key</c> (base64, 0600), made on first
/// start and kept: its public key is published in the Directory.
/// </summary>
internal static class WireGuardKeyFile
{
    /// <summary>The file name inside the data directory.</summary>
    public const string FileName = "wireguard.key";

    /// <summary>A base64 key and a newline are far below this.</summary>
    private const int MaxFileSize = 256;

    /// <summary>Loads the key from <paramref name="path"/>, generating and saving one when the file does not exist.</summary>
    /// <exception cref="FormatException">The file exists but does not hold a base64 key.</exception>
    public static PrivateKey LoadOrCreate(string path, out bool created)
    {
        created = !File.Exists(path);
        if (created)
        {
            PrivateKey key = PrivateKey.Generate();
            byte[] text = Encoding.ASCII.GetBytes(key.ExportBase64() + "\n");
            try
            {
                SecureFile.WriteAtomically(path, text, overwrite: true);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(text);
            }

            return key;
        }

        SecureFiles.Tighten(path);
        if (new FileInfo(path).Length > MaxFileSize)
        {
            throw new FormatException($"'{path}' is too large to be a WireGuard key");
        }

        string contents = File.ReadAllText(path).Trim();
        return PrivateKey.TryParseBase64(contents, out PrivateKey? loaded)
            ? loaded
            : throw new FormatException($"'{path}' does not hold a base64 WireGuard private key");
    }
}
