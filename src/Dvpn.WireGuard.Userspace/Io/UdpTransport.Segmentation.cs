using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Dvpn.WireGuard.Userspace.Linux;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>UDP GSO: a run of sealed messages to one peer leaves in one sendmsg with a UDP_SEGMENT control message.</summary>
internal sealed partial class UdpTransport : ISegmentingTransport
{
    // struct cmsghdr is 16 bytes on 64-bit Linux; CMSG_LEN(2) = 18, CMSG_SPACE(2) = 24.
    private const int ControlHeaderSize = 16;
    private const int ControlSpace = 24;
    private const int EIO = 5;
    private const int EINVAL = 22;
    private const int ENOPROTOOPT = 92;
    private const int EOPNOTSUPP = 95;

    private volatile bool _segmentationRefused = !OperatingSystem.IsLinux();

    /// <inheritdoc />
    public bool SupportsSegmentation => !_segmentationRefused;

    /// <inheritdoc />
    public unsafe bool SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (_segmentationRefused || segmentSize is <= 0 or > ushort.MaxValue)
        {
            return false;
        }

        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        *(nuint*)control = ControlHeaderSize + sizeof(ushort);
        *(int*)(control + 8) = Interop.SOL_UDP;
        *(int*)(control + 12) = Interop.UDP_SEGMENT;
        *(ushort*)(control + ControlHeaderSize) = (ushort)segmentSize;
        fixed (byte* payload = data)
        fixed (byte* name = destination.Buffer.Span)
        {
            Interop.IoVector vector = new() { Base = payload, Length = (nuint)data.Length };
            Interop.MessageHeader message = new()
            {
                Name = name,
                NameLength = (uint)destination.Size,
                Vectors = &vector,
                VectorCount = 1,
                Control = control,
                ControlLength = ControlSpace,
            };
            while (!_disposed)
            {
                nint sent;
                try
                {
                    sent = Interop.SendMessage(_socket.SafeHandle, &message, 0);
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }

                if (sent >= 0)
                {
                    return true;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.EINTR || (errno == Interop.EAGAIN && WaitFor(SelectMode.SelectWrite)))
                {
                    continue;
                }

                if (errno is EIO or EINVAL or ENOPROTOOPT or EOPNOTSUPP)
                {
                    // No GSO here (an old kernel, a device without checksum offload): never ask again.
                    _segmentationRefused = true;
                }

                return false;
            }
        }

        return false;
    }
}
