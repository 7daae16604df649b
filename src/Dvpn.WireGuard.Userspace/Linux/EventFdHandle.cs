using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>
/// An eventfd(2) used as a wake-up signal: once <see cref="Signal"/> is called it stays readable (nobody reads it),
/// so every poll(2) that includes it returns at once from then on.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class EventFdHandle : SafeHandle
{
    private EventFdHandle() : base(-1, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle < 0;

    /// <summary>Creates a non-blocking, close-on-exec eventfd with counter 0.</summary>
    /// <exception cref="WireGuardException">eventfd(2) failed (out of descriptors).</exception>
    public static EventFdHandle Create()
    {
        var result = new EventFdHandle();
        int fd = Interop.EventFd(0, Interop.EFD_CLOEXEC | Interop.EFD_NONBLOCK);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            result.Dispose();
            throw new WireGuardException($"eventfd failed: {Interop.Describe(errno)}.", isTransient: false);
        }

        result.SetHandle(fd);
        return result;
    }

    /// <summary>Makes the descriptor readable (adds 1 to its counter); harmless if repeated or already closed.</summary>
    public unsafe void Signal()
    {
        ulong one = 1;
        try
        {
            _ = Interop.Write(this, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Already closed: nobody can be waiting on it any more.
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Close(handle) == 0;
}
