using System.Diagnostics;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>Runs a setup tool (<c>ip</c>, <c>nft</c>, <c>sysctl</c>) with a deadline; never through a shell.</summary>
internal static class LabCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> argv, string? standardInput = null)
    {
        ProcessStartInfo info = new(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using CancellationTokenSource deadline = new(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"'{string.Join(' ', argv)}' did not finish within {Timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> RunCheckedAsync(IReadOnlyList<string> argv, string? standardInput = null)
    {
        (int code, string output, string error) = await RunAsync(argv, standardInput);
        return code == 0 ? output : throw new InvalidOperationException($"'{string.Join(' ', argv)}' failed ({code}): {error.Trim()}");
    }
}
