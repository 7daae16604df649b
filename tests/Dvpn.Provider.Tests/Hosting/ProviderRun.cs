using System.Diagnostics;
using System.Text;

namespace Dvpn.Provider.Tests.Hosting;

/// <summary>
/// Runs the real dvpn-provider (built next to the tests) to completion and collects what it printed. Used for the
/// start paths that end in a refusal: they need no root and no tunnel, and the exit code is the contract.
/// </summary>
internal static class ProviderRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dvpn-provider.dll"));
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment.Remove("DVPN_PROVIDER_PASSPHRASE");
        psi.Environment.Remove("NOTIFY_SOCKET");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("dvpn-provider did not start");
        var output = new StringBuilder();
        Task stdout = PumpAsync(process.StandardOutput, output);
        Task stderr = PumpAsync(process.StandardError, output);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dvpn-provider did not exit in time; it printed:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
