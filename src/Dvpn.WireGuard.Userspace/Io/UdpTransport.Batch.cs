using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Dvpn.WireGuard.Userspace.Linux;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>Batched I/O for the data path: many datagrams per system call through recvmmsg(2) and sendmmsg(2).</summary>
internal sealed partial class UdpTransport
{
    /// <summary>
    /// Blocks until at least one datagram arrives, then takes as many as are queued (up to the batch's capacity) in
    /// one call; returns how many (slots 0..n-1 of <paramref name="batch"/>), or -1 once the transport is disposed.
    /// ICMP-caused errors are skipped as in <see cref="Receive"/>.
    /// </summary>
    /// <exception cref="IOException">The socket failed for good.</exception>
    [SupportedOSPlatform("linux")]
    public unsafe int ReceiveBatch(DatagramBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        while (!_disposed)
        {
            batch.PrepareReceive();
            int count;
            try
            {
                count = Interop.ReceiveMessages(_socket.SafeHandle, batch.Headers, (uint)batch.Capacity, Interop.MSG_WAITFORONE, null);
            }
            catch (ObjectDisposedException)
            {
                return -1;
            }

            // Dispose shuts the socket down, which recvmmsg reports as one empty "datagram": not data.
            if (_disposed)
            {
                return -1;
            }

            if (count > 0)
            {
                batch.CompleteReceive(count);
                return count;
            }

            if (count == 0)
            {
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interop.EAGAIN && !WaitFor(SelectMode.SelectRead))
            {
                return -1;
            }

            if (errno is not (Interop.EAGAIN or Interop.EINTR) && !IsTransientReceiveError(ToSocketError(errno)))
            {
                throw new IOException($"recvmmsg on UDP port {Port} failed: {Interop.Describe(errno)}.");
            }
        }

        return -1;
    }

    /// <summary>
    /// Sends slots 0..<paramref name="count"/>-1 of <paramref name="batch"/>, each to its own address, in as few
    /// calls as the kernel allows; a datagram the network refuses is skipped. Returns how many were sent.
    /// </summary>
    [SupportedOSPlatform("linux")]
    public unsafe int SendBatch(DatagramBatch batch, int count)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, batch.Capacity);
        batch.PrepareSend(count);
        int next = 0;
        int sent = 0;
        while (next < count && !_disposed)
        {
            int done;
            try
            {
                done = Interop.SendMessages(_socket.SafeHandle, batch.Headers + next, (uint)(count - next), 0);
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            if (done > 0)
            {
                next += done;
                sent += done;
                continue;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interop.EINTR || (errno == Interop.EAGAIN && WaitFor(SelectMode.SelectWrite)))
            {
                continue;
            }

            // sendmmsg fails only on the first message it tries: skip that one (unreachable, too big, an ICMP
            // error of an earlier send) and go on with the rest, as Send would return false for it.
            next++;
        }

        return sent;
    }

    /// <summary>Waits for the socket (only reached when .NET has put it in non-blocking mode); false once disposed.</summary>
    private bool WaitFor(SelectMode mode)
    {
        try
        {
            _ = _socket.Poll(-1, mode);
            return !_disposed;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        catch (SocketException)
        {
            return !_disposed;
        }
    }

    [SupportedOSPlatform("linux")]
    private static SocketError ToSocketError(int errno) => errno switch
    {
        Interop.ECONNREFUSED => SocketError.ConnectionRefused,
        104 => SocketError.ConnectionReset,
        113 => SocketError.HostUnreachable,
        101 => SocketError.NetworkUnreachable,
        90 => SocketError.MessageSize,
        105 => SocketError.NoBufferSpaceAvailable,
        _ => SocketError.SocketError,
    };
}
