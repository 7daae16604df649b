namespace Dvpn.Daemon.Hosting;

/// <summary>A setting is missing or malformed: the daemon exits with <see cref="ExitCodes.BadConfiguration"/>.</summary>
internal sealed class DaemonConfigurationException : Exception
{
    public DaemonConfigurationException(string setting, string problem)
        : base($"{setting}: {problem}") => Setting = setting;

    public DaemonConfigurationException()
        : this("(unknown)", "bad configuration")
    {
    }

    public DaemonConfigurationException(string message)
        : this("(unknown)", message)
    {
    }

    public DaemonConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Setting = "(unknown)";

    /// <summary>The configuration key, e.g. <c>Daemon:Socket</c>.</summary>
    public string Setting { get; }
}
