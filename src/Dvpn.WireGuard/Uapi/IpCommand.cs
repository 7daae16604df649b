using System.ComponentModel;
using System.Diagnostics;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// Runs iproute2's <c>ip</c> behind the launch prefix (so inside the same network namespace as wireguard-go). The
/// fallback for link state when no <see cref="Devices.INetworkInterfaceControl"/> is given. Argument lists only.
/// </summary>
internal static class IpCommand
{
    public static async Task RunAsync(IReadOnlyList<string> prefix, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        List<string> argv = [.. prefix, "ip", .. arguments];
        ProcessStartInfo startInfo = new(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process process = new() { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new WireGuardException($"cannot run {argv[0]}: {e.Message}", e);
        }

        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        await stdout.ConfigureAwait(false);
        string error = (await stderr.ConfigureAwait(false)).Trim();
        if (process.ExitCode != 0)
        {
            throw new WireGuardException($"'{string.Join(' ', argv)}' failed with code {process.ExitCode}: {error}");
        }
    }
}
