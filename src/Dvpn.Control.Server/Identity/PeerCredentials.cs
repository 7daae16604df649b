using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Dvpn.Control.Server.Transport;

namespace Dvpn.Control.Server.Identity;

/// <summary>The peer of a connected Unix socket as the kernel recorded it at connect(2) (SO_PEERCRED, socket(7)).</summary>
/// <param name="Pid">The peer's process id.</param>
/// <param name="Uid">The peer's effective user id.</param>
/// <param name="Gid">The peer's effective group id.</param>
[SupportedOSPlatform("linux")]
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    /// <summary>Reads SO_PEERCRED; false if the socket is not a connected Unix socket.</summary>
    public static unsafe bool TryRead(Socket socket, out PeerCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Interop.UCred cred;
        int length = sizeof(Interop.UCred);
        if (Interop.GetSockOpt(socket.SafeHandle, Interop.SOL_SOCKET, Interop.SO_PEERCRED, &cred, &length) != 0
            || length != sizeof(Interop.UCred))
        {
            credentials = default;
            return false;
        }

        credentials = new PeerCredentials(cred.Pid, cred.Uid, cred.Gid);
        return true;
    }

    /// <summary>Reads SO_PEERCRED.</summary>
    /// <exception cref="Win32Exception">getsockopt failed.</exception>
    public static PeerCredentials Read(Socket socket) =>
        TryRead(socket, out var credentials)
            ? credentials
            : throw new Win32Exception(Marshal.GetLastPInvokeError(), "getsockopt(SO_PEERCRED) failed");

    /// <summary>
    /// The peer's supplementary groups as they were at connect(2) (SO_PEERGROUPS, Linux 4.13+), or null if the kernel
    /// does not support it. Preferred over /proc/&lt;pid&gt;/status, which races with the peer exiting and its pid
    /// being reused.
    /// </summary>
    public static unsafe uint[]? TryReadGroups(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        int length = 64 * sizeof(uint);
        while (true)
        {
            var groups = new uint[length / sizeof(uint)];
            int result;
            fixed (uint* buffer = groups)
            {
                result = Interop.GetSockOpt(socket.SafeHandle, Interop.SOL_SOCKET, Interop.SO_PEERGROUPS, buffer, &length);
            }

            if (result == 0)
            {
                return groups.AsSpan(0, length / sizeof(uint)).ToArray();
            }

            // ERANGE: the kernel wrote the size it needs into length.
            if (Marshal.GetLastPInvokeError() != Interop.ERANGE || length <= groups.Length * sizeof(uint))
            {
                return null;
            }
        }
    }
}
