using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Devnet.Namespaces;

/// <summary>The two libc calls the lab needs that .NET does not wrap: setns(2) and kill(2).</summary>
[SupportedOSPlatform("linux")]
internal static partial class NamespaceInterop
{
    /// <summary>setns(2) nstype for a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    public const int SigTerm = 15;

    public const int SigKill = 9;

    private const int ESRCH = 3;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(SafeFileHandle fd, int nstype);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Moves the calling OS thread (only it) into the namespace behind <paramref name="namespaceFile"/>.</summary>
    public static void EnterNetworkNamespace(SafeFileHandle namespaceFile)
    {
        if (SetNs(namespaceFile, CloneNewNet) != 0)
        {
            throw new NetworkLabException($"setns(CLONE_NEWNET) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there is no such process.</summary>
    public static bool TrySignal(int pid, int signal)
    {
        if (Kill(pid, signal) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH
            ? false
            : throw new NetworkLabException($"kill({pid}, {signal}) failed: errno {errno}");
    }
}
