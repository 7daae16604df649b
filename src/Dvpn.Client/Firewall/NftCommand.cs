using System.ComponentModel;
using System.Diagnostics;

namespace Dvpn.Client.Firewall;

/// <summary>
/// Runs <c>nft</c> to completion behind an optional prefix (<c>ip netns exec NAME</c>), from an argument list (never
/// a shell), with an optional script on standard input and a deadline.
/// </summary>
internal static class NftCommand
{
    /// <summary>The outcome of a run that started and finished.</summary>
    public readonly record struct Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>True when nft exited with 0.</summary>
        public bool Succeeded => ExitCode == 0;
    }

    /// <summary>Runs <c>prefix.. nftPath arguments..</c>, writing <paramref name="standardInput"/> to it.</summary>
    /// <exception cref="FirewallException">The program cannot be started (<see cref="FirewallFailure.ToolMissing"/>)
    /// or does not finish within <paramref name="timeout"/> (<see cref="FirewallFailure.TimedOut"/>).</exception>
    public static async Task<Result> RunAsync(IReadOnlyList<string> prefix, string nftPath, IReadOnlyList<string> arguments,
        string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        List<string> argv = [.. prefix, nftPath, .. arguments];
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
            throw new FirewallException(FirewallFailure.ToolMissing,
                $"cannot run '{argv[0]}': {e.Message}. The kill switch needs nftables (apt install nftables).", e);
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
            throw new FirewallException(FirewallFailure.TimedOut, $"'{string.Join(' ', argv)}' did not finish within {timeout}");
        }
        catch (IOException e)
        {
            // nft (or the prefix) exited before reading its input, e.g. a namespace that does not exist.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new Result(process.ExitCode, await stdout.ConfigureAwait(false), (await stderr.ConfigureAwait(false)) + e.Message);
        }

        string standardError = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0 && prefix.Count > 0 && standardError.StartsWith("exec of \"", StringComparison.Ordinal))
        {
            // 'ip netns exec' could not exec nft; it says so before nft ever ran.
            throw new FirewallException(FirewallFailure.ToolMissing,
                $"cannot run '{nftPath}' inside the network namespace: {standardError.Trim()}. The kill switch needs nftables.");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), standardError);
    }
}
