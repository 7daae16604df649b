using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Uapi;

/// <summary>kill(2), to ask wireguard-go to stop cleanly: <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL.</summary>
internal static partial class Interop
{
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [UnsupportedOSPlatform("windows")]
    public static partial int Kill(int pid, int signal);
}
