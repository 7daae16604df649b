using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>The packet path: a non-blocking read first, poll(2) on the TUN and the wake-up eventfd only when idle.</summary>
internal sealed partial class TunDevice
{
    /// <summary>
    /// Blocks until a packet arrives and copies it into <paramref name="buffer"/> (a longer packet is truncated, so
    /// pass at least <see cref="Mtu"/> bytes); returns its length, or 0 once the device is disposed (which wakes a
    /// blocked reader).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="buffer"/> is empty (a 0 would read as "disposed").</exception>
    /// <exception cref="IOException">The descriptor failed for good (for example the interface was deleted).</exception>
    [SupportedOSPlatform("linux")]
    public int Read(Span<byte> buffer)
    {
        if (_segmenter is null)
        {
            return ReadRaw(buffer);
        }

        // With offloads one read may carry a 64 KiB TCP segment: hand it out as MTU-sized packets, one per call.
        while (true)
        {
            if (_segmenter.HasPending)
            {
                int length = _segmenter.Next(buffer);
                if (length > 0)
                {
                    return length;
                }

                continue;
            }

            int read = ReadRaw(_segmenter.Buffer);
            if (read <= 0)
            {
                return read;
            }

            if (!_segmenter.Load(read))
            {
                _ = Interlocked.Increment(ref _readDropped);
            }
        }
    }

    [SupportedOSPlatform("linux")]
    private unsafe int ReadRaw(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The read buffer must hold at least one packet of Mtu bytes.", nameof(buffer));
        }

        bool tunAdded = false;
        bool wakeAdded = false;
        try
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return 0;
            }

            // Held for the whole call so that a concurrent Dispose cannot close (and the kernel reuse) either
            // descriptor while we use their raw numbers; the close happens when we release.
            _tun.DangerousAddRef(ref tunAdded);
            _wake.DangerousAddRef(ref wakeAdded);
            int tunFd = (int)_tun.DangerousGetHandle();
            int wakeFd = (int)_wake.DangerousGetHandle();
            fixed (byte* destination = buffer)
            {
                while (true)
                {
                    nint length = Interop.Read(tunFd, destination, buffer.Length);
                    if (length >= 0)
                    {
                        return (int)length;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Interop.EINTR)
                    {
                        continue;
                    }

                    if (errno != Interop.EAGAIN)
                    {
                        throw new IOException($"Reading TUN interface '{Name}' failed: {Interop.Describe(errno)}.");
                    }

                    if (!WaitReadable(tunFd, wakeFd))
                    {
                        return 0;
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Dispose won the race before we took our references.
            return 0;
        }
        finally
        {
            if (wakeAdded)
            {
                _wake.DangerousRelease();
            }

            if (tunAdded)
            {
                _tun.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Hands one packet to the kernel. A refused packet (malformed, no route, device down) is counted in
    /// <see cref="WriteErrors"/> and dropped, as a NIC would; nothing is thrown, also not after Dispose.
    /// </summary>
    [SupportedOSPlatform("linux")]
    public unsafe void Write(ReadOnlySpan<byte> packet)
    {
        // With IFF_VNET_HDR every write starts with a header; all zeros says "one whole packet, checksums done".
        byte* header = stackalloc byte[VirtioNetHeader.Size];
        new Span<byte>(header, VirtioNetHeader.Size).Clear();
        fixed (byte* source = packet)
        {
            Interop.IoVector* vectors = stackalloc Interop.IoVector[2];
            vectors[0] = new Interop.IoVector { Base = header, Length = VirtioNetHeader.Size };
            vectors[1] = new Interop.IoVector { Base = source, Length = (nuint)packet.Length };
            while (true)
            {
                nint written;
                try
                {
                    written = _segmenter is null
                        ? Interop.Write(_tun, source, packet.Length)
                        : Interop.WriteVector(_tun, vectors, 2);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (written >= 0)
                {
                    return;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.EINTR)
                {
                    continue;
                }

                Volatile.Write(ref _lastWriteErrno, errno);
                _ = Interlocked.Increment(ref _writeErrors);
                return;
            }
        }
    }

    /// <summary>Deletes the interface (closes its descriptor) and wakes a reader blocked in <see cref="Read"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Signal before disposing: a reader that holds references keeps both descriptors open until it has seen it.
        _wake.Signal();
        _tun.Dispose();
        _wake.Dispose();
        _control.Dispose();
    }

    /// <summary>Waits until the TUN is readable (true) or the wake-up eventfd was signalled (false).</summary>
    [SupportedOSPlatform("linux")]
    private unsafe bool WaitReadable(int tunFd, int wakeFd)
    {
        Interop.PollFd* fds = stackalloc Interop.PollFd[2];
        while (true)
        {
            fds[0] = new Interop.PollFd { Fd = tunFd, Events = Interop.POLLIN };
            fds[1] = new Interop.PollFd { Fd = wakeFd, Events = Interop.POLLIN };
            int ready = Interop.Poll(fds, 2, -1);
            if (ready < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.EINTR)
                {
                    continue;
                }

                throw new IOException($"poll on TUN interface '{Name}' failed: {Interop.Describe(errno)}.");
            }

            if (fds[1].ReturnedEvents != 0 || Volatile.Read(ref _disposed) != 0)
            {
                return false;
            }

            // POLLIN, or POLLERR/POLLHUP that the next read turns into an errno.
            if (fds[0].ReturnedEvents != 0)
            {
                return true;
            }
        }
    }
}
