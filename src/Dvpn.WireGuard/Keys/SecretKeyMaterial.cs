using System.Security.Cryptography;

namespace Dvpn.WireGuard;

/// <summary>
/// 32 secret bytes in a pinned array (so the GC never leaves copies behind) that are zeroed on dispose. The base
/// of <see cref="PrivateKey"/> and <see cref="PresharedKey"/>.
/// </summary>
public abstract class SecretKeyMaterial : IDisposable
{
    /// <summary>The size of a key in bytes.</summary>
    public const int Size = 32;

    private readonly byte[] _bytes = GC.AllocateArray<byte>(Size, pinned: true);
    private bool _disposed;

    /// <summary>Copies <paramref name="bytes"/> into the pinned buffer.</summary>
    private protected SecretKeyMaterial(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a WireGuard key is {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        bytes.CopyTo(_bytes);
    }

    /// <summary>The pinned buffer itself, for a subclass to adjust in place (clamping) while it is constructed.</summary>
    private protected byte[] Buffer => _bytes;

    /// <summary>The secret bytes, for the backends in this assembly only.</summary>
    internal ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>Exports the key as base64, e.g. for a wg-quick file. Handle the result as the secret it is.</summary>
    public string ExportBase64() => Convert.ToBase64String(Bytes);

    /// <summary>Exports the key as lower-case hex (the UAPI form). Handle the result as the secret it is.</summary>
    public string ExportHex() => Convert.ToHexStringLower(Bytes);

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_bytes);
            _disposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Constant-time comparison of the secret bytes.</summary>
    internal bool SecretEquals(SecretKeyMaterial other) => CryptographicOperations.FixedTimeEquals(Bytes, other.Bytes);

    private protected static T Parse<T>(string? text, bool hex, Func<ReadOnlySpan<byte>, T> create)
        where T : SecretKeyMaterial
    {
        Span<byte> bytes = stackalloc byte[Size];
        try
        {
            bool ok = hex ? KeyText.TryDecodeHex(text, bytes) : KeyText.TryDecodeBase64(text, bytes);
            return ok ? create(bytes) : throw new FormatException(hex ? "not a hex WireGuard key (64 hex digits)" : "not a base64 WireGuard key (44 characters, 32 bytes)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private protected static bool TryParse<T>(string? text, bool hex, Func<ReadOnlySpan<byte>, T> create, out T? key)
        where T : SecretKeyMaterial
    {
        Span<byte> bytes = stackalloc byte[Size];
        try
        {
            bool ok = hex ? KeyText.TryDecodeHex(text, bytes) : KeyText.TryDecodeBase64(text, bytes);
            key = ok ? create(bytes) : null;
            return ok;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
