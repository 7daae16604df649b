using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Provider.Tests.DataPlane;

internal static partial class NamespaceInterop
{
    public const int CLONE_NEWNET = 0x40000000;
    public const int SIGTERM = 15;
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(SafeFileHandle fd, int nstype);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
