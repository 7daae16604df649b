using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Dvpn.WireGuard;

/// <summary>Parsing of the base64 and hex key forms, shared by the key types; never throws on bad text.</summary>
internal static class KeyText
{
    private const int Base64Length = 44; // 32 bytes -> 43 characters + one '=' of padding

    public static bool TryDecodeBase64([NotNullWhen(true)] string? text, out PublicKey key)
    {
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        bool ok = TryDecodeBase64(text, bytes);
        key = ok ? new PublicKey(bytes) : default;
        return ok;
    }

    public static bool TryDecodeHex([NotNullWhen(true)] string? text, out PublicKey key)
    {
        Span<byte> bytes = stackalloc byte[PublicKey.Size];
        bool ok = TryDecodeHex(text, bytes);
        key = ok ? new PublicKey(bytes) : default;
        return ok;
    }

    /// <summary>Decodes into <paramref name="destination"/> (32 bytes); on failure it is zeroed.</summary>
    public static bool TryDecodeBase64([NotNullWhen(true)] string? text, Span<byte> destination)
    {
        if (text is null || text.Length != Base64Length || text[^1] != '=' || text[^2] == '=')
        {
            destination.Clear();
            return false;
        }

        if (!Convert.TryFromBase64String(text, destination, out int written) || written != PublicKey.Size)
        {
            CryptographicOperations.ZeroMemory(destination);
            return false;
        }

        return true;
    }

    /// <summary>Decodes into <paramref name="destination"/> (32 bytes); on failure it is zeroed.</summary>
    public static bool TryDecodeHex([NotNullWhen(true)] string? text, Span<byte> destination)
    {
        if (text is null || text.Length != 2 * PublicKey.Size
            || Convert.FromHexString(text, destination, out _, out int written) != System.Buffers.OperationStatus.Done
            || written != PublicKey.Size)
        {
            CryptographicOperations.ZeroMemory(destination);
            return false;
        }

        return true;
    }
}
