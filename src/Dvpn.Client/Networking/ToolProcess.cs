using System.ComponentModel;
using System.Diagnostics;

namespace Dvpn.Client.Networking;

/// <summary>
/// Runs a system tool (nft, resolvectl) to completion from an argument list (never a shell), with an optional
/// standard input and a deadline after which our own child is killed by its handle.
/// </summary>
internal static class ToolProcess
{
    /// <summary>The outcome of a run that started and finished.</summary>
    public readonly record struct Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>True when the tool exited with 0.</summary>
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>Runs <c>argv[0]</c> with the rest of <paramref name="argv"/> as its arguments.</summary>
    /// <param name="argv">The program and its arguments.</param>
    /// <param name="standardInput">Written to the tool, then its input is closed; null closes it at once. A tool that
    /// exits before reading it gives its result with the write error appended to its standard error.</param>
    /// <param name="timeout">How long the run may take.</param>
    /// <param name="cannotStart">The exception for a program that cannot be started.</param>
    /// <param name="timedOut">The exception for a run past <paramref name="timeout"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the child is killed first).</param>
    public static async Task<Result> RunAsync(IReadOnlyList<string> argv, string? standardInput, TimeSpan timeout,
        Func<Win32Exception, Exception> cannotStart, Func<Exception> timedOut, CancellationToken cancellationToken)
    {
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
            throw cannotStart(e);
        }

        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), deadline.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(); // our own child, by its handle
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw timedOut();
        }
        catch (IOException e)
        {
            // The tool (or a prefix such as 'ip netns exec') exited before reading its input.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new Result(process.ExitCode, await stdout.ConfigureAwait(false), (await stderr.ConfigureAwait(false)) + e.Message);
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
