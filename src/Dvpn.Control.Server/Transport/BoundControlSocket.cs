using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Dvpn.Control.Server.Transport;

/// <summary>A listening control socket, ready to be handed to Kestrel with <see cref="TakeHandle"/>.</summary>
/// <remarks>Disposing it removes the socket file (Kestrel does not: it did not create it) and closes the
/// descriptor if Kestrel never took it. It holds the start lock (<c>&lt;socket&gt;.lock</c>) until disposed, so keep it
/// for the daemon's life.</remarks>
[SupportedOSPlatform("linux")]
public sealed class BoundControlSocket : IDisposable
{
    private readonly UnixSocketHandle _handle;
    private readonly SafeFileHandle _startLock;
    private bool _disposed;

    internal BoundControlSocket(string path, UnixSocketHandle handle, SafeFileHandle startLock)
    {
        Path = path;
        _handle = handle;
        _startLock = startLock;
    }

    /// <summary>The socket's final path.</summary>
    public string Path { get; }

    /// <summary>Gives the listening descriptor away, for <c>KestrelServerOptions.ListenHandle</c>, which then owns and closes it.</summary>
    /// <exception cref="InvalidOperationException">It was already taken.</exception>
    public ulong TakeHandle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handle.IsInvalid
            ? throw new InvalidOperationException("The control socket was already handed over")
            : (ulong)_handle.Release();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.Dispose();
        _ = Interop.Unlink(Path);
        // Released last: the next daemon may start only once this one's socket is gone. The lock file itself stays:
        // unlinking it would let a waiting daemon lock the old inode while a third creates and locks a new one.
        _startLock.Dispose();
    }
}
