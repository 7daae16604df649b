using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Linux;

/// <summary>An AF_NETLINK socket file descriptor, closed exactly once.</summary>
[SupportedOSPlatform("linux")]
internal sealed class NetlinkSocketHandle : SafeHandle
{
    /// <summary>Creates an invalid handle (the marshaller and <see cref="Create"/> fill it).</summary>
    public NetlinkSocketHandle() : base(-1, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    /// <summary>socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, <paramref name="protocol"/>).</summary>
    public static NetlinkSocketHandle Create(int protocol)
    {
        var result = new NetlinkSocketHandle();
        int fd = Interop.Socket(Interop.AF_NETLINK, Interop.SOCK_RAW | Interop.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            result.Dispose();
            throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "socket(AF_NETLINK)");
        }

        result.SetHandle(fd);
        return result;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Close(handle) == 0;
}
