using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>An open <c>/dev/net/tun</c> descriptor, closed exactly once (closing it deletes a non-persistent device).</summary>
[SupportedOSPlatform("linux")]
internal sealed class TunFileHandle : SafeHandle
{
    /// <summary>The clone device every TUN interface is created through.</summary>
    public const string ClonePath = "/dev/net/tun";

    private TunFileHandle() : base(-1, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    /// <summary>
    /// Opens <see cref="ClonePath"/> read-write, close-on-exec and non-blocking: reads try first and wait in poll(2)
    /// only when nothing is queued, so a busy device costs one system call per packet.
    /// </summary>
    /// <exception cref="WireGuardException">The clone device is missing or not accessible (the message says what to do).</exception>
    public static TunFileHandle Open()
    {
        var result = new TunFileHandle();
        int fd = Interop.Open(ClonePath, Interop.O_RDWR | Interop.O_CLOEXEC | Interop.O_NONBLOCK);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            result.Dispose();
            string advice = errno switch
            {
                Interop.ENOENT or Interop.ENODEV => $"{ClonePath} is missing: load the tun module (modprobe tun) or, in a container, pass the device in (--device {ClonePath})",
                Interop.EPERM or Interop.EACCES => "run as root or grant CAP_NET_ADMIN",
                _ => "check that TUN devices are available on this host",
            };
            throw new WireGuardException($"Cannot open {ClonePath}: {Interop.Describe(errno)}; {advice}.", isTransient: false);
        }

        result.SetHandle(fd);
        return result;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Close(handle) == 0;
}
