using System.ComponentModel;
using System.Diagnostics;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// Runs a system tool (<c>nft</c>, <c>sysctl</c>) to completion behind an optional prefix (<c>ip netns exec NAME</c>),
/// with an argument list (never a shell), optional standard input and a deadline.
/// </summary>
internal static class HostCommand
{
    /// <summary>How long one tool run may take before it counts as hung.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The outcome of a run that started.</summary>
    public readonly record struct Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>Runs <paramref name="arguments"/> behind <paramref name="prefix"/>.</summary>
    /// <exception cref="DataPlaneException">The program cannot be started (<paramref name="missingHint"/> says why
    /// that may be) or does not finish within <see cref="Timeout"/>.</exception>
    public static async Task<Result> RunAsync(IReadOnlyList<string> prefix, IReadOnlyList<string> arguments, string? standardInput,
        string missingHint, CancellationToken cancellationToken)
    {
        List<string> argv = [.. prefix, .. arguments];
        ProcessStartInfo startInfo = new(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
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
            throw new DataPlaneException($"cannot run '{argv[0]}': {e.Message}. {missingHint}", e);
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), deadline.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(); // our own child, by its handle
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DataPlaneException($"'{string.Join(' ', argv)}' did not finish within {Timeout}");
        }
        catch (IOException e)
        {
            // The tool exited before reading its input (a prefix that failed, e.g. a missing namespace).
            await process.WaitForExitAsync(CancellationToken.None);
            return new Result(process.ExitCode, await stdout, (await stderr) + e.Message);
        }

        string standardError = await stderr;
        if (process.ExitCode != 0 && prefix.Count > 0 && standardError.StartsWith("exec of \"", StringComparison.Ordinal))
        {
            // 'ip netns exec' could not exec the program; it says so (exit code 1) before the program ever ran.
            throw new DataPlaneException($"cannot run '{arguments[0]}' inside the network namespace: {standardError.Trim()}. {missingHint}");
        }

        return new Result(process.ExitCode, await stdout, standardError);
    }
}
