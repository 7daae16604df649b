using System.Buffers;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// Checks network interface names before they go into nft rules and file names: 1 to 15 (IFNAMSIZ - 1) of
/// <c>a-z A-Z 0-9 _ = + . -</c>, the set wireguard-go accepts. No quote or space can get through.
/// </summary>
internal static class LinkName
{
    /// <summary>IFNAMSIZ (16) less the terminating NUL.</summary>
    public const int MaxLength = 15;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=+.-");

    /// <exception cref="ArgumentException">Not a valid interface name.</exception>
    public static void Validate(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        if (name.Length > MaxLength || name is "." or ".." || name.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name: 1 to {MaxLength} of a-z A-Z 0-9 _ = + . -", parameterName);
        }
    }
}
