namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>
/// Why a UAPI request was refused: the errno for the reply (positive, e.g. 22 EINVAL; the server writes it negated,
/// as wireguard-go does) and a message for the log. Messages never contain key material.
/// </summary>
/// <param name="Errno">The positive errno.</param>
/// <param name="Message">What was wrong, for the log.</param>
internal readonly record struct UapiError(int Errno, string Message)
{
    /// <summary>EIO: the device failed in an unexpected way.</summary>
    public const int IoError = 5;

    /// <summary>EINVAL: a malformed or unsupported request.</summary>
    public const int InvalidArgument = 22;

    /// <summary>An EINVAL error with <paramref name="message"/>.</summary>
    public static UapiError Invalid(string message) => new(InvalidArgument, message);
}
