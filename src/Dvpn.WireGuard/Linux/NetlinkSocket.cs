using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Linux;

/// <summary>Receives one reply message of a request: its header and what follows the header.</summary>
internal delegate void NetlinkMessageHandler(in NetlinkMessageHeader header, ReadOnlySpan<byte> payload);

/// <summary>
/// A netlink socket talking to the kernel: one request at a time, each with its own sequence number, read until its
/// ack (NLMSG_ERROR with 0), its error, or for dumps NLMSG_DONE. Messages with another sequence number (left over
/// from a request that timed out) are skipped.
/// </summary>
/// <remarks>
/// The calls are synchronous on purpose: the kernel handles a netlink request inside send() and has queued the
/// answer (or produces the next dump part inside recv()) before the call returns, so there is nothing to wait for
/// that an async readiness wait would hide. A receive timeout guards against a kernel that never answers.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed unsafe class NetlinkSocket : IDisposable
{
    /// <summary>Larger than the biggest dump skb the kernel builds (32 KiB), so nothing is ever truncated.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    private const int SocketReceiveBuffer = 1024 * 1024;
    private const int ReceiveTimeoutSeconds = 10;

    private readonly NetlinkSocketHandle _handle;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private readonly Lock _lock = new();
    private uint _sequence;

    private NetlinkSocket(NetlinkSocketHandle handle, int protocol, uint portId, string? namespaceName)
    {
        _handle = handle;
        Protocol = protocol;
        PortId = portId;
        NamespaceName = namespaceName;
    }

    public int Protocol { get; }

    /// <summary>The port id the kernel assigned at bind.</summary>
    public uint PortId { get; }

    /// <summary>The named namespace the socket was opened in; null for the process's own.</summary>
    public string? NamespaceName { get; }

    /// <summary>Opens a socket for <paramref name="protocol"/>, inside <paramref name="namespaceName"/> when given.</summary>
    public static NetlinkSocket Open(int protocol, string? namespaceName = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Netlink is host byte order and the message code writes little-endian explicitly.
            throw new PlatformNotSupportedException("netlink support assumes a little-endian host");
        }

        NetlinkSocketHandle handle = namespaceName is null
            ? NetlinkSocketHandle.Create(protocol)
            : NetworkNamespace.RunIn(namespaceName, () => NetlinkSocketHandle.Create(protocol));
        try
        {
            SetOption(handle, Interop.SOL_NETLINK, Interop.NETLINK_EXT_ACK, 1);
            SetOption(handle, Interop.SOL_NETLINK, Interop.NETLINK_CAP_ACK, 1);
            SetOption(handle, Interop.SOL_SOCKET, Interop.SO_RCVBUF, SocketReceiveBuffer);
            long* timeout = stackalloc long[2] { ReceiveTimeoutSeconds, 0 }; // struct timeval on 64-bit Linux
            _ = Interop.SetSockOpt(handle, Interop.SOL_SOCKET, Interop.SO_RCVTIMEO, timeout, 2 * sizeof(long));

            var address = new Interop.SockAddrNetlink { Family = Interop.AF_NETLINK };
            if (Interop.Bind(handle, &address, sizeof(Interop.SockAddrNetlink)) != 0)
            {
                throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "bind(AF_NETLINK)");
            }

            int length = sizeof(Interop.SockAddrNetlink);
            if (Interop.GetSockName(handle, &address, &length) != 0)
            {
                throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "getsockname(AF_NETLINK)");
            }

            return new NetlinkSocket(handle, protocol, address.PortId, namespaceName);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads to its end; throws <see cref="NetlinkException"/> on an error.</summary>
    public void Execute(Span<byte> request, NetlinkMessageHandler? onReply, string operation)
    {
        int errno = TryExecute(request, onReply, out string? extendedAck);
        if (errno != 0)
        {
            throw NetlinkException.FromErrno(errno, operation, extendedAck);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (a dump when it carries NLM_F_DUMP, otherwise NLM_F_ACK is added) and hands
    /// every reply message to <paramref name="onReply"/>. Returns 0 or the positive errno the kernel answered with;
    /// malformed replies and socket failures throw.
    /// </summary>
    public int TryExecute(Span<byte> request, NetlinkMessageHandler? onReply, out string? extendedAck)
    {
        extendedAck = null;
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(request[6..]);
        bool dump = (flags & NetlinkMessageHeader.NLM_F_DUMP) == NetlinkMessageHeader.NLM_F_DUMP;
        if (!dump)
        {
            flags |= NetlinkMessageHeader.NLM_F_ACK;
        }

        lock (_lock)
        {
            uint sequence = unchecked(++_sequence);
            if (sequence == 0)
            {
                sequence = ++_sequence;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(request[6..], (ushort)(flags | NetlinkMessageHeader.NLM_F_REQUEST));
            BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
            BinaryPrimitives.WriteUInt32LittleEndian(request[12..], 0);
            SendAll(request);
            return ReadUntilEnd(sequence, dump, onReply, out extendedAck);
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void SetOption(NetlinkSocketHandle handle, int level, int name, int value) =>
        _ = Interop.SetSockOpt(handle, level, name, &value, sizeof(int)); // optional features: older kernels lack some

    private void SendAll(ReadOnlySpan<byte> request)
    {
        nint sent;
        fixed (byte* p = request)
        {
            do
            {
                sent = Interop.Send(_handle, p, request.Length, 0);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == Interop.EINTR);
        }

        if (sent < 0)
        {
            throw NetlinkException.FromErrno(Marshal.GetLastPInvokeError(), "send(netlink)");
        }

        if (sent != request.Length)
        {
            throw new NetlinkException($"send(netlink) sent {sent} of {request.Length} bytes", Errno.EMSGSIZE);
        }
    }

    private int Receive()
    {
        nint received;
        fixed (byte* p = _receiveBuffer)
        {
            do
            {
                received = Interop.Receive(_handle, p, _receiveBuffer.Length, Interop.MSG_TRUNC);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == Interop.EINTR);
        }

        if (received < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == Errno.EAGAIN
                ? new NetlinkException($"the kernel did not answer a netlink request within {ReceiveTimeoutSeconds} s", Errno.ETIMEDOUT, null, isTransient: true)
                : NetlinkException.FromErrno(errno, "recv(netlink)");
        }

        if (received > _receiveBuffer.Length)
        {
            throw NetlinkException.Malformed($"a {received}-byte datagram does not fit the {_receiveBuffer.Length}-byte buffer");
        }

        return (int)received;
    }

    private int ReadUntilEnd(uint sequence, bool dump, NetlinkMessageHandler? onReply, out string? extendedAck)
    {
        extendedAck = null;
        bool interrupted = false;
        while (true)
        {
            int length = Receive();
            int status = NetlinkReplyParser.Process(_receiveBuffer.AsSpan(0, length), sequence, dump, onReply, ref interrupted, out extendedAck);
            if (status == NetlinkReplyParser.Continue)
            {
                continue;
            }

            if (status == 0 && interrupted)
            {
                throw new NetlinkException("the netlink dump was interrupted by a concurrent change; retry", Errno.EINTR, null, isTransient: true);
            }

            return status;
        }
    }
}
