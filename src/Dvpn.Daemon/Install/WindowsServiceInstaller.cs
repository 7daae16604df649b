using System.Runtime.Versioning;
using Dvpn.Daemon.Hosting;

namespace Dvpn.Daemon.Install;

/// <summary>
/// Windows: registers dvpnd with the service control manager (<c>sc.exe create dvpnd ... start= auto</c>, runs as
/// LocalSystem, restarts on failure) and starts it; uninstall stops and deletes it. Configuration goes in
/// %ProgramData%\dvpn\dvpnd.json (pass it with --exec "... --Dvpn:DataDirectory=..." or DVPND_* variables).
/// Compiled on every platform; UNTESTED here (the build machine is Linux).
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsServiceInstaller(TextWriter output)
{
    private const string ServiceName = "dvpnd";

    public async Task<int> RunAsync(InstallArguments arguments)
    {
        var runner = new CommandRunner(output);
        if (!arguments.IsSystem)
        {
            output.WriteLine("--root is for Linux staging installs; on Windows the service is registered with the SCM");
            return ExitCodes.BadConfiguration;
        }

        if (!arguments.Install)
        {
            _ = await runner.RunAsync("sc.exe", "stop", ServiceName).ConfigureAwait(false);
            return await runner.RunAsync("sc.exe", "delete", ServiceName).ConfigureAwait(false) == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }

        string process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where dvpnd is: pass --exec");
        string binPath = arguments.ExecStart
            ?? (Path.GetFileNameWithoutExtension(process).Equals("dvpnd", StringComparison.OrdinalIgnoreCase)
                ? $"\"{process}\""
                : $"\"{process}\" \"{Path.Combine(AppContext.BaseDirectory, "dvpnd.dll")}\"");
        if (await runner.RunAsync("sc.exe", "create", ServiceName, "binPath=", binPath, "start=", "auto", "DisplayName=", "dvpn VPN client daemon").ConfigureAwait(false) != 0)
        {
            return ExitCodes.Failure;
        }

        _ = await runner.RunAsync("sc.exe", "description", ServiceName, "Decentralized VPN client (dvpn.control.v1 on \\\\.\\pipe\\ProtectedPrefix\\Administrators\\dvpn\\dvpnd)").ConfigureAwait(false);
        _ = await runner.RunAsync("sc.exe", "failure", ServiceName, "reset=", "86400", "actions=", "restart/2000/restart/5000/restart/30000").ConfigureAwait(false);
        return await runner.RunAsync("sc.exe", "start", ServiceName).ConfigureAwait(false) == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
