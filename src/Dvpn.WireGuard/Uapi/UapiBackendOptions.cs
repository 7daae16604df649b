namespace Dvpn.WireGuard.Uapi;

/// <summary>Settings of <see cref="UapiWireGuardBackend"/> and <see cref="WireGuardGoProcess"/>.</summary>
public sealed class UapiBackendOptions
{
    /// <summary>The directory wireguard-go creates sockets in on Linux and macOS.</summary>
    public const string DefaultSocketDirectory = "/var/run/wireguard";

    /// <summary>
    /// Where UAPI sockets live: <c>&lt;directory&gt;/&lt;name&gt;.sock</c>. Default
    /// <see cref="DefaultSocketDirectory"/>. wireguard-go always uses that path, so change it only to talk to another
    /// UAPI server (a test fake, our managed userspace implementation). The socket is a filesystem path, so it is
    /// shared by every network namespace: interface names must be unique across namespaces.
    /// </summary>
    public string SocketDirectory { get; set; } = DefaultSocketDirectory;

    /// <summary>The wireguard-go executable, a path or a name looked up in PATH. Default <c>wireguard-go</c>.</summary>
    public string WireGuardGoPath { get; set; } = "wireguard-go";

    /// <summary>
    /// Arguments put before the wireguard-go command line, e.g. <c>["ip", "netns", "exec", "ns1"]</c> to run it (and
    /// <c>ip link</c> for <see cref="UapiWireGuardDevice.SetUpAsync"/>) inside a network namespace. The prefix must
    /// exec the command in place (as <c>ip netns exec</c> and <c>nsenter</c> do) so that the supervised process id
    /// is wireguard-go's own. An argument list, never a shell string. Default empty.
    /// </summary>
    public IReadOnlyList<string> LaunchPrefix { get; set; } = [];

    /// <summary>How long wireguard-go may take to create its socket and answer a first <c>get</c>. Default 10 s.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of one UAPI exchange (connect, request, reply). Default 5 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping wireguard-go gets after SIGTERM before it is killed. Default 5 s.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times wireguard-go is restarted after it dies unexpectedly. Default 0 (never). A restarted process
    /// starts empty: the owner must apply its configuration again (see <see cref="WireGuardGoProcess.Restarted"/>).
    /// </summary>
    public int MaxRestarts { get; set; }

    /// <summary>Delay before the first restart; it doubles for each further one. Default 500 ms.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of one restart delay. Default 10 s.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs wireguard-go with <c>LOG_LEVEL=verbose</c> (its output goes to the logger). Default false.</summary>
    public bool VerboseLogging { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(SocketDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(WireGuardGoPath);
        ArgumentNullException.ThrowIfNull(LaunchPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OperationTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(StopTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRestarts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RestartDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRestartDelay, RestartDelay);
    }

    internal string GetSocketPath(string interfaceName) => Path.Combine(SocketDirectory, interfaceName + ".sock");

    internal UapiBackendOptions Clone() => (UapiBackendOptions)MemberwiseClone();
}
