namespace Dvpn.Daemon.Tests.Support;

/// <summary>dvpnctl in-process (Dvpn.Cli.Cli.RunAsync) with captured output.</summary>
internal static class Dvpnctl
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string socketPath, params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        int code = await Dvpn.Cli.Cli.RunAsync(["--socket", socketPath, .. arguments], stdout, stderr, timeout.Token);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
