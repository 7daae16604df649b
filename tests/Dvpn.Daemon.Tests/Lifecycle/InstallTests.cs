using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Daemon.Tests.Lifecycle;

/// <summary>
/// `dvpnd install` / `uninstall` into a staging root (this machine has no systemd, and the test must not install a
/// service on it): the real dvpnd writes the unit, the configuration directory and a sample configuration, keeps an
/// existing configuration, and uninstall removes the unit (and with --purge the directories).
/// </summary>
public sealed class InstallTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("dvpnd-install-").FullName;

    [Fact]
    public async Task Install_IntoAStagingRoot_WritesTheUnitAndTheConfiguration_UninstallPurgeRemovesThem()
    {
        CommandResult install = await DvpndAsync("install", "--root", _root, "--operator-group", "dvpnops", "--exec", "/opt/dvpnd/dvpnd");

        Assert.True(install.ExitCode == 0, install.ToString());
        string unit = Path.Combine(_root, "etc/systemd/system/dvpnd.service");
        string text = await File.ReadAllTextAsync(unit);
        Assert.Contains("Type=notify", text, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/opt/dvpnd/dvpnd", text, StringComparison.Ordinal);
        Assert.Contains("WantedBy=multi-user.target", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@EXEC_START@", text, StringComparison.Ordinal);
        string config = Path.Combine(_root, "etc/dvpn/dvpnd.json");
        Assert.Contains("dvpnops", await File.ReadAllTextAsync(config), StringComparison.Ordinal);
        // The configuration names key files: not readable by every local user.
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(config) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
        // A staging root runs no system command: it says what to run on the target.
        Assert.Contains("systemctl daemon-reload", install.StandardOutput, StringComparison.Ordinal);

        // A second install keeps the administrator's configuration.
        await File.WriteAllTextAsync(config, "{ \"Dvpn\": { \"DataDirectory\": \"/var/lib/dvpn\" } }");
        CommandResult again = await DvpndAsync("install", "--root", _root);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("/var/lib/dvpn", await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        CommandResult uninstall = await DvpndAsync("uninstall", "--root", _root);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        Assert.False(File.Exists(unit));
        Assert.True(File.Exists(config), "uninstall without --purge keeps the configuration");

        CommandResult purge = await DvpndAsync("uninstall", "--root", _root, "--purge");
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.False(Directory.Exists(Path.Combine(_root, "etc/dvpn")));
    }

    [Fact]
    public async Task Install_WithAnUnknownOption_ExitsWith2AndWritesNothing()
    {
        CommandResult result = await DvpndAsync("install", "--root", _root, "--no-such-option");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<CommandResult> DvpndAsync(params string[] arguments) =>
        ShellCommand.RunAsync(["dotnet", DaemonProcess.Binary, .. arguments], Timeout);
}
