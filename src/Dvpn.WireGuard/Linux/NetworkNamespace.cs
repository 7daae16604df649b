using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// Runs a short piece of code inside a named network namespace (<c>/var/run/netns/NAME</c>, as <c>ip netns</c>
/// creates them). setns(2) moves only the calling thread, so the code runs on a dedicated, short-lived thread that is
/// never handed back to the pool: it enters the namespace, runs, restores the original one and ends. A socket created
/// there stays bound to that namespace for its whole life and can then be used from any thread.
/// </summary>
[SupportedOSPlatform("linux")]
public static class NetworkNamespace
{
    /// <summary>Where <c>ip netns</c> keeps named namespaces.</summary>
    public const string NamedNamespaceDirectory = "/var/run/netns";

    /// <summary>
    /// Runs <paramref name="action"/> on a dedicated thread inside the named namespace and returns its result; keep it
    /// short and synchronous (create a socket, open a netlink handle), since nothing it starts may outlive the thread.
    /// </summary>
    /// <exception cref="ArgumentException">Not a valid namespace name.</exception>
    /// <exception cref="NetlinkException">The namespace does not exist or cannot be entered.</exception>
    public static T RunIn<T>(string namespaceName, Func<T> action)
    {
        ValidateName(namespaceName);
        string path = Path.Combine(NamedNamespaceDirectory, namespaceName);
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunOnThisThread(path, namespaceName, action);
            }
#pragma warning disable CA1031 // rethrown on the calling thread below
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "dvpn-netns",
        };
        thread.UnsafeStart();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    /// <summary>Names are single path components, as <c>ip netns</c> allows; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static void ValidateName(string namespaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        if (namespaceName is "." or ".." || namespaceName.Contains('/', StringComparison.Ordinal) || namespaceName.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{namespaceName}' is not a network namespace name", nameof(namespaceName));
        }
    }

    private static T RunOnThisThread<T>(string path, string namespaceName, Func<T> action)
    {
        using SafeFileHandle original = OpenNamespaceFile("/proc/thread-self/ns/net", "this thread's network namespace");
        using SafeFileHandle target = OpenNamespaceFile(path, $"network namespace '{namespaceName}'");
        if (Interop.SetNs(target, Interop.CLONE_NEWNET) != 0)
        {
            throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), $"setns into network namespace '{namespaceName}'");
        }

        try
        {
            return action();
        }
        finally
        {
            // Best effort: the thread ends right after, so a failed restore cannot leak into other work.
            _ = Interop.SetNs(original, Interop.CLONE_NEWNET);
        }
    }

    private static SafeFileHandle OpenNamespaceFile(string path, string what)
    {
        SafeFileHandle handle = Interop.Open(path, Interop.O_RDONLY | Interop.O_CLOEXEC);
        if (handle.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw errno == Errno.ENOENT
                ? new NetlinkException($"{what} not found ({path} does not exist)", errno)
                : NetlinkException.FromErrno(errno, $"opening {what} ({path})");
        }

        return handle;
    }
}
