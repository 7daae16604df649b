namespace Dvpn.Control.Server.Transport;

/// <summary>Where and how dvpnd listens for its local control API on Linux.</summary>
public sealed class ControlSocketOptions
{
    /// <summary>The directory that holds the socket; created 0755 and owned by the daemon's user if missing, refused
    /// if it exists but another user owns it or others may write to it. Default: <c>/run/dvpn</c>.</summary>
    public string Directory { get; set; } = "/run/dvpn";

    /// <summary>The socket's file name inside <see cref="Directory"/>. Default: <c>dvpnd.sock</c>.</summary>
    public string FileName { get; set; } = "dvpnd.sock";

    /// <summary>The socket's final mode. Default: 0666, everyone may connect: what a caller may do is decided per call
    /// from its SO_PEERCRED identity, not by who can open the socket.</summary>
    public UnixFileMode Mode { get; set; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The listen(2) backlog. Default: 128.</summary>
    public int Backlog { get; set; } = 128;

    /// <summary>How long the single-instance probe waits for an existing socket to answer. Default: 2 seconds.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The socket's full path.</summary>
    public string SocketPath => Path.Combine(Directory, FileName);
}
