using System.ComponentModel;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Dvpn.Control.Server.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Control.Server.Transport;

/// <summary>
/// Prepares the control socket before Kestrel starts: a safe directory, the single-instance check, and a listening
/// socket that appears under its final name only once it has its final mode.
/// </summary>
/// <remarks>
/// Kestrel would create the socket itself with the process umask, so the bind is done here and Kestrel is handed the
/// listening descriptor (<see cref="BoundControlSocket"/>). The socket is bound under a random temporary name in the
/// directory (which only the daemon's user may write), given its final mode, put into the listening state, and only
/// then renamed over the final name. Nobody can connect before listen(2), and the final name never shows a socket
/// that is not yet listening or not yet at its final mode. The process umask is never touched, so nothing else in
/// the process (another thread creating a file) is affected.
/// <para>Before any of that, an exclusive flock(2) on <c>&lt;socket&gt;.lock</c> is taken and held for the daemon's
/// life: two daemons starting at the same moment could otherwise both find the path stale (or empty), and the
/// second rename would silently replace the first one's live socket.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
public static class UnixSocketListenerSetup
{
    /// <summary>Checks the directory and any previous socket, then binds and listens.</summary>
    /// <exception cref="AnotherInstanceRunningException">A live process answers on the socket path.</exception>
    /// <exception cref="InvalidOperationException">The directory or the path is unsafe to use (see the message).</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    /// <param name="options">Where to listen.</param>
    /// <param name="logger">For the directory creation, a stale socket's removal, and the listening line.</param>
    /// <param name="timeProvider">Times the probe of an existing socket; <see cref="TimeProvider.System"/> if null.</param>
    public static BoundControlSocket Bind(ControlSocketOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Validate(options);
        string path = options.SocketPath;
        // The temporary name adds a leading dot and ".<12 hex digits>"; the kernel wants a terminating NUL too.
        if (Encoding.UTF8.GetByteCount(path) + 16 >= Interop.SunPathLength)
        {
            throw new ArgumentException($"The control socket path {path} is too long for sockaddr_un", nameof(options));
        }

        string directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory, logger);
        var probe = new Probe(options.ProbeTimeout, timeProvider ?? TimeProvider.System);
        var startLock = AcquireStartLock(path, probe);
        try
        {
            RemoveIfStale(path, probe, logger);
            var handle = BindListenAndPublish(path, directory, options);
            Log.Listening(logger, path, Convert.ToString((int)options.Mode, 8));
            return new BoundControlSocket(path, handle, startLock);
        }
        catch
        {
            startLock.Dispose();
            throw;
        }
    }

    private static void Validate(ControlSocketOptions options)
    {
        if (!Path.IsPathFullyQualified(options.Directory))
        {
            throw new ArgumentException($"ControlSocketOptions.Directory must be an absolute path, not '{options.Directory}'", nameof(options));
        }

        if (options.FileName.Length == 0 || options.FileName.IndexOfAny(['/', '\0']) >= 0 || options.FileName is "." or "..")
        {
            throw new ArgumentException($"ControlSocketOptions.FileName must be a plain file name, not '{options.FileName}'", nameof(options));
        }

        // Execute, setuid, setgid and sticky bits mean nothing on a socket: a mode with them is a typo.
        if (((int)options.Mode & ~0x1B6) != 0)
        {
            throw new ArgumentException(
                $"ControlSocketOptions.Mode {Convert.ToString((int)options.Mode, 8)} has bits other than read/write", nameof(options));
        }

        if (options.Backlog <= 0 || options.ProbeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ControlSocketOptions.Backlog and ProbeTimeout must be positive", nameof(options));
        }
    }

    private static UnixSocketHandle BindListenAndPublish(string path, string directory, ControlSocketOptions options)
    {
        string temporary = Path.Combine(directory,
            $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        var handle = Interop.Socket(Interop.AF_UNIX, Interop.SOCK_STREAM | Interop.SOCK_CLOEXEC, 0);
        if (handle.IsInvalid)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socket(AF_UNIX) failed");
        }

        try
        {
            BindTo(handle, temporary);
            Check(Interop.Chmod(temporary, (uint)options.Mode), $"chmod({temporary})");
            Check(Interop.Listen(handle, options.Backlog), "listen");
            Check(Interop.Rename(temporary, path), $"rename({temporary}, {path})");
        }
        catch
        {
            handle.Dispose();
            _ = Interop.Unlink(temporary);
            throw;
        }

        return handle;
    }

    /// <summary>Takes the lock that makes the check-then-bind below atomic between daemons.</summary>
    internal static SafeFileHandle AcquireStartLock(string socketPath, Probe probe)
    {
        var lockFile = Interop.Open(socketPath + ".lock",
            Interop.O_RDWR | Interop.O_CREAT | Interop.O_NOFOLLOW | Interop.O_CLOEXEC, mode: 0x180 /* 0600 */);
        if (lockFile.IsInvalid)
        {
            int openErrno = Marshal.GetLastPInvokeError();
            lockFile.Dispose();
            throw new Win32Exception(openErrno, $"open({socketPath}.lock) failed");
        }

        if (Interop.Flock(lockFile, Interop.LOCK_EX | Interop.LOCK_NB) == 0)
        {
            return lockFile;
        }

        int errno = Marshal.GetLastPInvokeError();
        lockFile.Dispose();
        if (errno != Interop.EWOULDBLOCK)
        {
            throw new Win32Exception(errno, $"flock({socketPath}.lock) failed");
        }

        // Held: another daemon runs (or is starting). Ask the socket who it is, for the message.
        return ProbeLive(socketPath, probe, out int? pid)
            ? throw new AnotherInstanceRunningException(socketPath, pid)
            : throw new AnotherInstanceRunningException(
                $"dvpnd is already starting on {socketPath} (it holds {socketPath}.lock)");
    }

    /// <summary>Creates the directory 0755 if missing; refuses one that someone else could have planted or may write.</summary>
    internal static void EnsureDirectory(string directory, ILogger logger)
    {
        uint self = Interop.GetEffectiveUserId();
        if (PathStatus.Get(directory) is not { } status)
        {
            Directory.CreateDirectory(directory);
            // CreateDirectory applies the umask: set the mode outright.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Log.CreatedDirectory(logger, directory);
            status = PathStatus.Get(directory) ?? throw new InvalidOperationException($"{directory} vanished after it was created");
        }

        if (!status.IsDirectory)
        {
            throw new InvalidOperationException($"The control socket directory {directory} is not a directory (or is a symbolic link)");
        }

        if (status.Uid != self)
        {
            throw new InvalidOperationException(
                $"The control socket directory {directory} is owned by uid {status.Uid}, not by this daemon (uid {self}); remove it or fix its owner");
        }

        if ((status.Permissions & 0x12) != 0) // S_IWGRP | S_IWOTH
        {
            throw new InvalidOperationException(
                $"The control socket directory {directory} is writable by others (mode {Convert.ToString(status.Permissions, 8)}); it must be 0755");
        }
    }

    /// <summary>The single-instance check: a live socket means another daemon; a dead one is removed.</summary>
    internal static void RemoveIfStale(string path, Probe probe, ILogger logger)
    {
        if (PathStatus.Get(path) is not { } status)
        {
            return;
        }

        if (!status.IsSocket)
        {
            throw new InvalidOperationException($"{path} exists and is not a socket; refusing to replace it");
        }

        if (ProbeLive(path, probe, out int? pid))
        {
            throw new AnotherInstanceRunningException(path, pid);
        }

        File.Delete(path);
        Log.RemovedStaleSocket(logger, path);
    }

    /// <summary>Connects to <paramref name="path"/>: true if something listens (with its pid if SO_PEERCRED tells),
    /// false on ECONNREFUSED or ENOENT (a stale socket, or none).</summary>
    private static bool ProbeLive(string path, Probe probe, out int? pid)
    {
        pid = null;
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var timeout = new CancellationTokenSource(probe.Timeout, probe.TimeProvider);
            client.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            // A full backlog or a hung process: someone is bound there and alive enough to hold it.
            return true;
        }

        pid = PeerCredentials.TryRead(client, out var credentials) ? credentials.Pid : null;
        return true;
    }

    internal static unsafe void BindTo(UnixSocketHandle handle, string path)
    {
        var address = default(Interop.SockAddrUnix);
        address.Family = Interop.AF_UNIX;
        int length = Encoding.UTF8.GetBytes(path, new Span<byte>(address.Path, Interop.SunPathLength - 1));
        Check(Interop.Bind(handle, &address, sizeof(ushort) + length + 1), $"bind({path})");
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, string.Create(CultureInfo.InvariantCulture, $"{what} failed (errno {errno})"));
        }
    }

    /// <summary>How long to wait for an existing socket to answer, on which clock.</summary>
    internal readonly record struct Probe(TimeSpan Timeout, TimeProvider TimeProvider);
}
