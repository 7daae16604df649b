namespace Dvpn.WireGuard.Uapi;

/// <summary>Checks interface names: they become a file name (the socket) and a Linux netdev name.</summary>
internal static class InterfaceName
{
    /// <summary>IFNAMSIZ (16) less the terminating NUL.</summary>
    public const int MaxLength = 15;

    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=+.-");

    public static void Validate(string name, string? parameterName = "name")
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameterName);
        if (name.Length > MaxLength || name is "." or ".."
            || name.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid interface name: 1 to {MaxLength} of a-z A-Z 0-9 _ = + . -", parameterName);
        }
    }
}
