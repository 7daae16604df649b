namespace Dvpn.WireGuard.Linux;

/// <summary>
/// A netlink request failed: the kernel answered with a negative errno (<see cref="Errno"/>, <see cref="ErrorName"/>,
/// and the kernel's extended-ack text when it gave one), or the reply was malformed (<c>EPROTO</c>).
/// </summary>
public sealed class NetlinkException : WireGuardException
{
    /// <summary>Creates an exception for <paramref name="errno"/> (positive, as in errno.h).</summary>
    public NetlinkException(string message, int errno, string? extendedAckMessage = null, bool isTransient = false)
        : base(message, isTransient)
    {
        Errno = errno;
        ExtendedAckMessage = extendedAckMessage;
    }

    /// <summary>Creates an empty exception (for serializers and tests).</summary>
    public NetlinkException() { }

    /// <summary>Creates an exception with a message (errno 0).</summary>
    public NetlinkException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause (errno 0).</summary>
    public NetlinkException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>The positive errno value (e.g. 17 for EEXIST); 0 when none applies.</summary>
    public int Errno { get; }

    /// <summary>The symbolic errno name, e.g. <c>EEXIST</c>.</summary>
    public string ErrorName => Linux.Errno.Name(Errno);

    /// <summary>The kernel's extended-ack message (NLMSGERR_ATTR_MSG), when it sent one.</summary>
    public string? ExtendedAckMessage { get; }

    internal static NetlinkException FromErrno(int errno, string operation, string? extendedAck = null)
    {
        string text = $"{operation} failed: {Linux.Errno.Name(errno)} ({Linux.Errno.Describe(errno)})";
        if (!string.IsNullOrEmpty(extendedAck))
        {
            text += $": {extendedAck}";
        }

        bool transient = errno is Linux.Errno.EINTR or Linux.Errno.EAGAIN or Linux.Errno.EBUSY or Linux.Errno.ENOBUFS or Linux.Errno.ETIMEDOUT;
        return new NetlinkException(text, errno, extendedAck, transient);
    }

    internal static NetlinkException Malformed(string what) =>
        new($"malformed netlink reply: {what}", Linux.Errno.EPROTO);
}
