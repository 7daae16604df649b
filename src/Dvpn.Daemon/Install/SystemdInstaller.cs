using System.Reflection;
using System.Runtime.Versioning;
using Dvpn.Daemon.Hosting;

namespace Dvpn.Daemon.Install;

/// <summary>
/// Linux: writes the systemd unit (packaging/dvpnd.service, embedded), creates the operator group
/// (<c>groupadd --system</c>) and /etc/dvpn with a sample dvpnd.json (never overwriting one), then
/// <c>systemctl daemon-reload</c> and <c>systemctl enable --now dvpnd</c> when systemd runs the machine; otherwise it
/// prints those commands and succeeds. Uninstall stops and disables the service and removes the unit; --purge also
/// removes the configuration, state and logs, and the group.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SystemdInstaller(InstallArguments arguments, TextWriter output, CommandRunner runner)
{
    public const string UnitPath = "/etc/systemd/system/dvpnd.service";
    public const string ConfigDirectory = "/etc/dvpn";
    public const string StateDirectory = "/var/lib/dvpn";
    public const string LogDirectory = "/var/log/dvpn";
    private const string GroupFile = "/etc/group";

    private static readonly UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private static readonly UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private static readonly UnixFileMode Mode0755 = Mode0644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>systemd is the running init (sd_booted(3)); only then are systemctl commands run.</summary>
    private bool SystemdRunning => arguments.IsSystem && Directory.Exists("/run/systemd/system");

    public Task<int> RunAsync() => arguments.Install ? InstallAsync() : UninstallAsync();

    /// <summary>A path of the target system, under --root.</summary>
    internal string Under(string path) => Path.Combine(arguments.Root, path.TrimStart('/'));

    private async Task<int> InstallAsync()
    {
        string unitPath = Under(UnitPath);
        Directory.CreateDirectory(Path.GetDirectoryName(unitPath)!);
        WriteFile(unitPath, UnitText(arguments.ExecStart ?? DefaultExecStart()), Mode0644);
        output.WriteLine($"wrote {unitPath}");

        if (!await EnsureGroupAsync().ConfigureAwait(false))
        {
            return ExitCodes.Failure;
        }

        string config = Under(ConfigDirectory);
        Directory.CreateDirectory(config);
        File.SetUnixFileMode(config, Mode0755);
        string configFile = Path.Combine(config, "dvpnd.json");
        if (File.Exists(configFile))
        {
            output.WriteLine($"kept {configFile} (it exists)");
        }
        else
        {
            WriteFile(configFile, SampleConfiguration(arguments.OperatorGroup), Mode0640);
            output.WriteLine($"wrote {configFile}: fill in the chain and your keys");
        }

        if (SystemdRunning)
        {
            if (await runner.RunAsync("systemctl", "daemon-reload").ConfigureAwait(false) != 0
                || await runner.RunAsync("systemctl", "enable", "--now", "dvpnd").ConfigureAwait(false) != 0)
            {
                output.WriteLine("systemctl failed: see `systemctl status dvpnd` and `journalctl -u dvpnd`");
                return ExitCodes.Failure;
            }
        }
        else
        {
            output.WriteLine(arguments.IsSystem
                ? "systemd is not running on this machine; where it is, run: systemctl daemon-reload && systemctl enable --now dvpnd"
                : $"staging root {arguments.Root}: on the target, run: systemctl daemon-reload && systemctl enable --now dvpnd");
        }

        return ExitCodes.Ok;
    }

    private async Task<int> UninstallAsync()
    {
        if (SystemdRunning)
        {
            // Not installed or already stopped is fine.
            _ = await runner.RunAsync("systemctl", "disable", "--now", "dvpnd").ConfigureAwait(false);
        }

        string unitPath = Under(UnitPath);
        if (File.Exists(unitPath))
        {
            File.Delete(unitPath);
            output.WriteLine($"removed {unitPath}");
        }

        if (SystemdRunning)
        {
            _ = await runner.RunAsync("systemctl", "daemon-reload").ConfigureAwait(false);
        }
        else if (arguments.IsSystem)
        {
            output.WriteLine("systemd is not running on this machine; where it is, run first: systemctl disable --now dvpnd");
        }

        if (!arguments.Purge)
        {
            output.WriteLine($"kept {Under(ConfigDirectory)}, {Under(StateDirectory)}, {Under(LogDirectory)} and the operator group (--purge removes them)");
            return ExitCodes.Ok;
        }

        foreach (string directory in new[] { ConfigDirectory, StateDirectory, LogDirectory }.Select(Under))
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
                output.WriteLine($"removed {directory}");
            }
        }

        string group = ReadOperatorGroup() ?? "dvpn";
        if (arguments.IsSystem && GroupExists(group))
        {
            _ = await runner.RunAsync("groupdel", group).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private async Task<bool> EnsureGroupAsync()
    {
        string group = arguments.OperatorGroup;
        if (!arguments.IsSystem)
        {
            output.WriteLine($"staging root: not creating groups; on the target, run: groupadd --system {group} (if it does not exist)");
            return true;
        }

        if (GroupExists(group))
        {
            output.WriteLine($"operator group {group} exists");
            return true;
        }

        int? exit = await runner.RunAsync("groupadd", "--system", group).ConfigureAwait(false);
        if (exit == 0)
        {
            return true;
        }

        output.WriteLine($"could not create the operator group {group}: until it exists, only root may change state");
        return exit is null;
    }

    private static bool GroupExists(string group) =>
        File.Exists(GroupFile) && Control.Server.Identity.GroupFileParser.FindGroupId(File.ReadAllText(GroupFile), group) is not null;

    /// <summary>The group named in an installed dvpnd.json, for --purge.</summary>
    private string? ReadOperatorGroup()
    {
        string file = Path.Combine(Under(ConfigDirectory), "dvpnd.json");
        return File.Exists(file) && System.Text.RegularExpressions.Regex.Match(File.ReadAllText(file), "\"OperatorGroup\"\\s*:\\s*\"([a-z0-9_-]+)\"") is { Success: true } m
            ? m.Groups[1].Value
            : null;
    }

    /// <summary>The unit with its ExecStart filled in.</summary>
    internal static string UnitText(string execStart) => Resource("dvpnd.service").Replace("@EXEC_START@", execStart, StringComparison.Ordinal);

    internal static string SampleConfiguration(string operatorGroup) =>
        Resource("dvpnd.sample.json").Replace("\"OperatorGroup\": \"dvpn\"", $"\"OperatorGroup\": \"{operatorGroup}\"", StringComparison.Ordinal);

    /// <summary>This dvpnd: its apphost when there is one, else the dotnet host with dvpnd.dll.</summary>
    internal static string DefaultExecStart()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where dvpnd is: pass --exec");
        string dll = Path.Combine(AppContext.BaseDirectory, "dvpnd.dll");
        return Path.GetFileNameWithoutExtension(process) == "dvpnd" ? Quote(process) : $"{Quote(process)} {Quote(dll)}";
    }

    /// <summary>systemd.service(5) command-line quoting, for paths with spaces.</summary>
    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : path;

    private static string Resource(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the embedded {name} is missing from this build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void WriteFile(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode };
        using (var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options))
        {
            writer.Write(text);
        }

        File.SetUnixFileMode(path, mode);
    }
}
