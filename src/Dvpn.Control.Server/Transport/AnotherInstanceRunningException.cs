namespace Dvpn.Control.Server.Transport;

/// <summary>Thrown when a live dvpnd already answers on the control socket: this one must exit, not take it over.</summary>
public sealed class AnotherInstanceRunningException : Exception
{
    /// <summary>Creates the exception for the socket at <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">The socket that answered.</param>
    /// <param name="pid">The listening process as SO_PEERCRED reported it, if it did.</param>
    public AnotherInstanceRunningException(string socketPath, int? pid)
        : base(pid is { } p
            ? $"dvpnd is already running on {socketPath} (pid {p})"
            : $"dvpnd is already running on {socketPath}")
    {
        SocketPath = socketPath;
        Pid = pid;
    }

    /// <summary>Creates the exception with a message of the caller's own.</summary>
    public AnotherInstanceRunningException(string message)
        : base(message)
    {
        SocketPath = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AnotherInstanceRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
        SocketPath = string.Empty;
    }

    /// <summary>Creates the exception with the default message.</summary>
    public AnotherInstanceRunningException()
        : this("dvpnd is already running")
    {
    }

    /// <summary>The socket that answered.</summary>
    public string SocketPath { get; }

    /// <summary>The pid of the process listening on it, if SO_PEERCRED told it.</summary>
    public int? Pid { get; }
}
