using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>The errno values this code reacts to, and a readable description for exception messages.</summary>
[SupportedOSPlatform("linux")]
internal static partial class Interop
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;

    /// <summary>"errno 1 (Operation not permitted)": the number for searching, the text for reading.</summary>
    internal static string Describe(int errno) => $"errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
}
