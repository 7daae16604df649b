using System.Diagnostics;

namespace Dvpn.Daemon.Install;

/// <summary>Runs the installer's system commands, echoing each; a missing program is reported, not thrown.</summary>
internal class CommandRunner(TextWriter output)
{
    /// <summary>Runs <paramref name="program"/>; its exit code, or null when the program does not exist.</summary>
    public virtual async Task<int?> RunAsync(string program, params string[] arguments)
    {
        output.WriteLine($"+ {program} {string.Join(' ', arguments)}");
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output.WriteLine($"  ({program} is not installed here)");
            return null;
        }
    }
}
