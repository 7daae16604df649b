using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Control.Server.Transport;

/// <summary>A Unix domain socket file descriptor opened with socket(2) (not a <see cref="System.Net.Sockets.Socket"/>,
/// whose Dispose unlinks the path it bound, which is wrong once the path has been renamed into place).</summary>
[SupportedOSPlatform("linux")]
internal sealed class UnixSocketHandle : SafeHandle
{
    public UnixSocketHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>Gives the descriptor away (to Kestrel, which closes it): this handle no longer closes it.</summary>
    public int Release()
    {
        int fd = (int)handle;
        SetHandleAsInvalid();
        return fd;
    }

    protected override bool ReleaseHandle() => Interop.Close((int)handle) == 0;
}
