using System.Buffers;

namespace Dvpn.Client.Firewall;

/// <summary>The Linux interface names the kill switch puts into a script: what the kernel accepts for a name, minus
/// everything that could close the quotes or start another nft statement.</summary>
internal static class FirewallInterfaceName
{
    /// <summary>IFNAMSIZ (16) less the terminating NUL.</summary>
    public const int MaxLength = 15;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=+.-");

    /// <summary>True when <paramref name="name"/> is 1 to 15 of <c>a-z A-Z 0-9 _ = + . -</c> and not . or ..</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name is not ("." or "..") && !name.AsSpan().ContainsAnyExcept(Allowed);

    /// <exception cref="ArgumentException">Not a valid interface name.</exception>
    public static void Validate(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid interface name: 1 to {MaxLength} of a-z A-Z 0-9 _ = + . -", parameterName);
        }
    }
}
