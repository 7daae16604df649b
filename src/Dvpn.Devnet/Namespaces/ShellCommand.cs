using System.Diagnostics;

namespace Dvpn.Devnet.Namespaces;

/// <summary>Runs a command to completion with a deadline, capturing its output; never through a shell.</summary>
public static class ShellCommand
{
    /// <summary>How long a setup command (<c>ip</c>, <c>sysctl</c>) may take before it counts as hung.</summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Start settings for <paramref name="command"/> with redirected streams and, optionally, extra environment variables.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (command.Count == 0)
        {
            throw new ArgumentException("A command needs at least the program name.", nameof(command));
        }

        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        for (int i = 1; i < command.Count; i++)
        {
            info.ArgumentList.Add(command[i]);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>The command as one line for messages, arguments with spaces quoted.</summary>
    public static string Describe(IEnumerable<string> command) =>
        string.Join(' ', command.Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    /// <summary>Runs <paramref name="command"/>; on timeout kills it (by its PID) and throws <see cref="TimeoutException"/>.</summary>
    public static Task<CommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunWithInputAsync(command, standardInput: null, timeout, cancellationToken);

    /// <summary>
    /// <see cref="RunAsync"/> with <paramref name="standardInput"/> written to the command's stdin, then closed: for
    /// tools that read a script from <c>-</c> (<c>nft -f -</c>). Null closes stdin at once, as <see cref="RunAsync"/> does.
    /// </summary>
    public static async Task<CommandResult> RunWithInputAsync(
        IReadOnlyList<string> command, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string commandLine = Describe(command);
        using var process = new Process { StartInfo = StartInfo(command) };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NetworkLabException($"Cannot start '{commandLine}': {e.Message}", e);
        }

        // Reading both output streams starts before the input is written, so a command that writes while it reads
        // cannot fill a pipe and stall the write.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await WriteInputAsync(process, standardInput, deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'{commandLine}' did not finish within {timeout}: {await stderr} {await stdout}");
        }

        return new CommandResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a setup command and throws <see cref="NetworkLabException"/> unless it succeeds.</summary>
    public static async Task<CommandResult> RunCheckedAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        (await RunAsync(command, SetupTimeout, cancellationToken)).EnsureSuccess();

    private static async Task WriteInputAsync(Process process, string? standardInput, CancellationToken cancellationToken)
    {
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of it (a broken pipe): its exit code and stderr say why.
        }
    }
}
