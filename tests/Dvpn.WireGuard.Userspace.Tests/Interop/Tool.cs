using System.Diagnostics;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>Runs the real command-line tools (<c>ip</c>, <c>wg</c>) and fails loudly when they fail or are missing.</summary>
internal static class Tool
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> (and <paramref name="input"/> on stdin); returns stdout; throws on a non-zero exit.</summary>
    public static string Run(string file, string[] args, string? input = null) =>
        TryRun(file, args, out string stdout, out string stderr, input)
            ? stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {stderr.Trim()}");

    /// <summary>Runs <paramref name="file"/>; true when it exits 0. Throws only when it cannot be started at all.</summary>
    public static bool TryRun(string file, string[] args, out string stdout, out string stderr, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        Task<string> output = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        stdout = output.Result;
        return process.ExitCode == 0;
    }

    /// <summary><c>ip -n NS args...</c>.</summary>
    public static string IpIn(string ns, params string[] args) => Run("ip", ["-n", ns, .. args]);

    /// <summary><c>wg args...</c>; UAPI sockets live in one directory for every namespace, so no <c>ip netns exec</c> is needed.</summary>
    public static string Wg(params string[] args) => Run("wg", args);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
