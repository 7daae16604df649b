using System.Runtime.InteropServices;

namespace Dvpn.WireGuard.Linux;

/// <summary>Linux errno values this code reacts to, and their symbolic names for messages.</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int EPROTO = 71;
    internal const int EMSGSIZE = 90;
    internal const int EOPNOTSUPP = 95;
    internal const int EADDRNOTAVAIL = 99;
    internal const int ENOBUFS = 105;
    internal const int ETIMEDOUT = 110;

    /// <summary>The symbolic name (<c>EEXIST</c>) or <c>errno N</c> for values not in the table.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        5 => "EIO",
        6 => "ENXIO",
        9 => "EBADF",
        EAGAIN => "EAGAIN",
        12 => "ENOMEM",
        13 => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        24 => "EMFILE",
        28 => "ENOSPC",
        34 => "ERANGE",
        38 => "ENOSYS",
        EPROTO => "EPROTO",
        EMSGSIZE => "EMSGSIZE",
        93 => "EPROTONOSUPPORT",
        EOPNOTSUPP => "EOPNOTSUPP",
        97 => "EAFNOSUPPORT",
        98 => "EADDRINUSE",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        100 => "ENETDOWN",
        101 => "ENETUNREACH",
        ENOBUFS => "ENOBUFS",
        ETIMEDOUT => "ETIMEDOUT",
        113 => "EHOSTUNREACH",
        _ => $"errno {errno}",
    };

    /// <summary>strerror's text for <paramref name="errno"/>.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
