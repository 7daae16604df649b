using System.Globalization;

namespace Dvpn.Daemon.Hosting;

/// <summary>The daemon's own settings, section <c>Daemon</c> (the library's are section <c>Dvpn</c>). Read and
/// validated before anything starts: a bad value is exit code 2 with a message naming the setting.</summary>
internal sealed class DaemonOptions
{
    public const string Section = "Daemon";
    public const string DefaultSocket = "/run/dvpn/dvpnd.sock";
    public const string DefaultPipeName = @"ProtectedPrefix\Administrators\dvpn\dvpnd";
    public const string DefaultLogDirectory = "/var/log/dvpn";
    public const int DefaultEventQueueCapacity = 256;
    private const int MinEventQueueCapacity = 16;
    private const int MaxEventQueueCapacity = 65_536;

    /// <summary><c>Daemon:Socket</c>: the control socket's absolute path (Linux). Default <c>/run/dvpn/dvpnd.sock</c>.</summary>
    public string Socket { get; init; } = DefaultSocket;

    /// <summary><c>Daemon:PipeName</c>: the control pipe's name (Windows). Default
    /// <c>ProtectedPrefix\Administrators\dvpn\dvpnd</c>.</summary>
    public string PipeName { get; init; } = DefaultPipeName;

    /// <summary><c>Daemon:OperatorGroup</c>: members (and root) may change state and move money. Default <c>dvpn</c>.</summary>
    public string OperatorGroup { get; init; } = "dvpn";

    /// <summary><c>Daemon:LogDirectory</c>: daily rolling log files, 7 kept; empty turns file logging off.
    /// Default <c>/var/log/dvpn</c>.</summary>
    public string LogDirectory { get; init; } = DefaultLogDirectory;

    /// <summary><c>Daemon:EventQueueCapacity</c>: events one WatchEvents subscriber may fall behind before it gets a
    /// Resync. Default 256; 16 to 65536.</summary>
    public int EventQueueCapacity { get; init; } = DefaultEventQueueCapacity;

    /// <summary>Reads section <c>Daemon</c>; throws <see cref="DaemonConfigurationException"/> naming the bad setting.</summary>
    public static DaemonOptions Read(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(Section);
        var options = new DaemonOptions
        {
            Socket = section[nameof(Socket)] ?? DefaultSocket,
            PipeName = section[nameof(PipeName)] ?? DefaultPipeName,
            OperatorGroup = section[nameof(OperatorGroup)] ?? "dvpn",
            LogDirectory = section[nameof(LogDirectory)] ?? DefaultLogDirectory,
            EventQueueCapacity = ReadInt(section, nameof(EventQueueCapacity), DefaultEventQueueCapacity),
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (!Path.IsPathFullyQualified(Socket) || Socket.EndsWith('/') || Path.GetFileName(Socket).Length == 0)
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(Socket)}", $"'{Socket}' is not an absolute path to a socket file");
        }

        // sockaddr_un.sun_path holds 108 bytes with the terminating NUL.
        if (System.Text.Encoding.UTF8.GetByteCount(Socket) > 107)
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(Socket)}", "is longer than a Unix socket path may be (107 bytes)");
        }

        if (string.IsNullOrWhiteSpace(PipeName) || PipeName.Contains('/', StringComparison.Ordinal))
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(PipeName)}", "must be a pipe name without '/'");
        }

        if (OperatorGroup.Length is 0 or > 32 || !OperatorGroup.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ' '))
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(OperatorGroup)}", $"'{OperatorGroup}' is not a group name");
        }

        if (LogDirectory.Length > 0 && !Path.IsPathFullyQualified(LogDirectory))
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(LogDirectory)}", $"'{LogDirectory}' is not an absolute path (use \"\" to turn file logging off)");
        }

        if (EventQueueCapacity is < MinEventQueueCapacity or > MaxEventQueueCapacity)
        {
            throw new DaemonConfigurationException($"{Section}:{nameof(EventQueueCapacity)}",
                $"must be between {MinEventQueueCapacity} and {MaxEventQueueCapacity}");
        }
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback)
    {
        string? text = section[key];
        return text is null ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
            : throw new DaemonConfigurationException($"{Section}:{key}", $"'{text}' is not an integer");
    }
}
