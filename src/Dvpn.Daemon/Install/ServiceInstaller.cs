using Dvpn.Daemon.Hosting;

namespace Dvpn.Daemon.Install;

/// <summary>
/// <c>dvpnd install [--root DIR] [--operator-group NAME] [--exec COMMAND]</c> and
/// <c>dvpnd uninstall [--root DIR] [--purge]</c>: set dvpnd up as a service started at boot (systemd on Linux, the
/// service control manager on Windows), or take it away again (the configuration and data stay unless --purge).
/// <c>--root</c> installs into a staging directory (for packaging and tests): files are written under it and no
/// system command is run, only printed.
/// </summary>
internal static class ServiceInstaller
{
    public static async Task<int> RunAsync(string verb, string[] args)
    {
        InstallArguments arguments;
        try
        {
            arguments = InstallArguments.Parse(verb, args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"dvpnd {verb}: {e.Message}\n{InstallArguments.Usage}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        if (arguments.Help)
        {
            Console.WriteLine(InstallArguments.Usage);
            return ExitCodes.Ok;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                return await new WindowsServiceInstaller(Console.Out).RunAsync(arguments).ConfigureAwait(false);
            }

            if (OperatingSystem.IsLinux())
            {
                return await new SystemdInstaller(arguments, Console.Out, new CommandRunner(Console.Out)).RunAsync().ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"dvpnd {verb}: this platform has no service installer").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"dvpnd {verb}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
