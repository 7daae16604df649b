using System.Net;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>A transport that can send many equal-sized datagrams to one destination in one call (UDP GSO on Linux).</summary>
internal interface ISegmentingTransport
{
    /// <summary>False once the kernel refused segmentation: callers then send datagram by datagram.</summary>
    bool SupportsSegmentation { get; }

    /// <summary>
    /// Sends <paramref name="data"/> as datagrams of <paramref name="segmentSize"/> bytes (the last may be shorter) to
    /// <paramref name="destination"/>; false when it was not sent (see <see cref="SupportsSegmentation"/>).
    /// </summary>
    bool SendSegments(ReadOnlySpan<byte> data, int segmentSize, SocketAddress destination);
}
