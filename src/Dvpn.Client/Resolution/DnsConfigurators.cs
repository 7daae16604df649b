using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

/// <summary>Chooses the DNS configurator for this system and finds leftovers of a crashed run.</summary>
[SupportedOSPlatform("linux")]
internal static class DnsConfigurators
{
    /// <summary>The state file of <see cref="ResolvConfDns"/> in the state directory.</summary>
    public const string ResolvConfStateFile = "dns-resolv.conf.json";

    /// <summary>The state file of <see cref="SystemdResolvedDns"/> in the state directory.</summary>
    public const string ResolvedStateFile = "dns-resolved.json";

    /// <summary>Where systemd-resolved keeps its runtime files (and the stub resolv.conf) while it runs.</summary>
    public const string ResolvedRuntimeDirectory = "/run/systemd/resolve";

    /// <summary>
    /// systemd-resolved (per-link, <see cref="SystemdResolvedDns"/>) when it runs (<paramref name="resolvedDirectory"/>
    /// exists), resolvectl is found, the tunnel is not in its own network namespace, and <paramref name="resolvConfPath"/>
    /// hands names to it (a symbolic link into its directory, or its stub 127.0.0.53); otherwise the file itself
    /// (<see cref="ResolvConfDns"/>), since glibc would never ask resolved. For a network namespace the file is rewritten
    /// in place (see <see cref="ResolvConfDns(string, string, ILogger, bool)"/>).
    /// </summary>
    public static IDnsConfigurator Detect(string resolvConfPath, string stateDirectory, ILogger logger, bool networkNamespace = false,
        string resolvedDirectory = ResolvedRuntimeDirectory, string resolvectlPath = "resolvectl", string? searchPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvConfPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        string? reason = networkNamespace ? "the tunnel's network namespace reads its own resolv.conf"
            : !Directory.Exists(resolvedDirectory) ? "systemd-resolved is not running"
            : !IsExecutableFound(resolvectlPath, searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "") ? "resolvectl is not installed"
            : !IsHandedToResolved(resolvConfPath, resolvedDirectory) ? $"{resolvConfPath} is not managed by systemd-resolved"
            : null;
        IDnsConfigurator chosen = reason is null
            ? new SystemdResolvedDns(Path.Combine(stateDirectory, ResolvedStateFile), logger, resolvectlPath)
            : new ResolvConfDns(resolvConfPath, Path.Combine(stateDirectory, ResolvConfStateFile), logger, preserveInode: networkNamespace);
        Log.BackendChosen(logger, chosen.Name, reason ?? $"{resolvConfPath} points at systemd-resolved");
        return chosen;
    }

    /// <summary>Restores whatever either configurator left saved in <paramref name="stateDirectory"/> (a crashed run
    /// may have used the other one); nothing happens for a configurator without a state file.</summary>
    public static async Task RestoreLeftoversAsync(string resolvConfPath, string stateDirectory, ILogger logger,
        string resolvectlPath = "resolvectl", CancellationToken cancellationToken = default)
    {
        await new ResolvConfDns(resolvConfPath, Path.Combine(stateDirectory, ResolvConfStateFile), logger)
            .RestoreAsync(cancellationToken).ConfigureAwait(false);
        await new SystemdResolvedDns(Path.Combine(stateDirectory, ResolvedStateFile), logger, resolvectlPath)
            .RestoreAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when <paramref name="program"/> (a path, or a name looked up in <paramref name="searchPath"/>) is an
    /// executable file.</summary>
    internal static bool IsExecutableFound(string program, string searchPath)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        static bool IsExecutable(string path) => File.Exists(path) && (File.GetUnixFileMode(path) & anyExecute) != 0;

        return program.Contains('/', StringComparison.Ordinal)
            ? IsExecutable(program)
            : searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(directory => IsExecutable(Path.Combine(directory, program)));
    }

    /// <summary>True when the file is a symbolic link into resolved's directory (stub-resolv.conf, resolv.conf) or
    /// names resolved's stub listener.</summary>
    internal static bool IsHandedToResolved(string resolvConfPath, string resolvedDirectory)
    {
        FileInfo file = new(resolvConfPath);
        if (file.LinkTarget is { } target)
        {
            string resolved = Path.GetFullPath(target, Path.GetDirectoryName(Path.GetFullPath(resolvConfPath))!);
            return resolved.StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resolvedDirectory)) + "/", StringComparison.Ordinal);
        }

        try
        {
            return File.ReadLines(resolvConfPath).Any(line => line.Trim() == "nameserver 127.0.0.53");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
