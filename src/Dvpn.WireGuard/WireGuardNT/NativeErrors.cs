using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>The Win32 error codes this backend acts on, and the one way native failures are thrown.</summary>
internal static class NativeErrors
{
    /// <summary>ERROR_FILE_NOT_FOUND: no such adapter, or the driver is not loaded.</summary>
    public const int FileNotFound = 2;

    /// <summary>ERROR_MORE_DATA: the buffer given to WireGuardGetConfiguration is too small.</summary>
    public const int MoreData = 234;

    /// <summary>A <see cref="WireGuardException"/> for a failed wireguard.dll call, with the Win32 error inside.</summary>
    public static WireGuardException Failure(string function, int error, string? subject = null)
    {
        var win32 = new Win32Exception(error);
        string what = subject is null ? function : $"{function} ({subject})";
        return new WireGuardException($"{what} failed: {win32.Message} (Win32 error {error})", win32);
    }

    /// <summary>Throws <see cref="Failure"/>.</summary>
    [DoesNotReturn]
    public static void Throw(string function, int error, string? subject = null) => throw Failure(function, error, subject);
}
