using System.Globalization;
using System.Text.RegularExpressions;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Processes;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>
/// Runs a client as another user with setpriv(1): dvpnctl (<c>dotnet dvpnctl.dll</c>), or curl speaking gRPC over the
/// socket for one call with an empty request. A missing prerequisite (root, setpriv, curl, a path the user cannot
/// read) is a failure with a clear message, never a skip.
/// </summary>
internal static partial class Unprivileged
{
    public const uint Nobody = 65534;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> s_home = new(CreateHome);

    public static string DvpnctlBinary { get; } = BuiltAssembly.Locate("dvpnctl.dll", Path.Combine("src", "Dvpn.Cli"));

    /// <summary>dvpnctl as uid/gid <see cref="Nobody"/> with only <paramref name="groups"/> as supplementary groups.</summary>
    public static async Task<CommandResult> DvpnctlAsync(uint[] groups, params string[] arguments)
    {
        CheckPrerequisites();
        string home = s_home.Value;
        return await ShellCommand.RunAsync(
        [
            .. Setpriv(groups), "/usr/bin/env", $"HOME={home}", $"DOTNET_CLI_HOME={home}", "DOTNET_NOLOGO=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1",
            "/usr/bin/dotnet", DvpnctlBinary, .. arguments,
        ], Timeout);
    }

    /// <summary>One gRPC call with an empty request message as <see cref="Nobody"/>; returns its grpc-status and grpc-message.</summary>
    public static async Task<(int Status, string Message)> CallAsync(string socketPath, string methodPath, uint[] groups)
    {
        CheckPrerequisites();
        // An empty message: not compressed, length 0.
        CommandResult result = await ShellCommand.RunWithInputAsync(
        [
            .. Setpriv(groups), "/usr/bin/curl", "-sS", "--http2-prior-knowledge", "--unix-socket", socketPath,
            "-H", "content-type: application/grpc", "-H", "te: trailers", "--data-binary", "@-", "-D", "-", "-o", "/dev/null",
            $"http://localhost{methodPath}",
        ], "\0\0\0\0\0", Timeout);
        Assert.True(result.Succeeded, $"setpriv/curl failed ({result.ExitCode}): {result.StandardError}");
        Match status = GrpcStatus().Match(result.StandardOutput);
        Assert.True(status.Success, $"no grpc-status for {methodPath} in: {result.StandardOutput}");
        Match message = GrpcMessage().Match(result.StandardOutput);
        return (int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture), message.Success ? Uri.UnescapeDataString(message.Groups[1].Value.Trim()) : "");
    }

    private static string[] Setpriv(uint[] groups) =>
    [
        "/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}",
        groups.Length == 0 ? "--clear-groups" : $"--groups={string.Join(',', groups)}", "--",
    ];

    private static void CheckPrerequisites()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the authorization tests must run as root (they switch to nobody with setpriv)");
        Assert.True(File.Exists("/usr/bin/setpriv"), "the authorization tests need /usr/bin/setpriv (util-linux)");
        Assert.True(File.Exists("/usr/bin/curl"), "the authorization tests need /usr/bin/curl (run.sh installs it)");
        // nobody must reach dotnet and dvpnctl.dll's directory: every directory on the way needs o+x, the files o+r.
        foreach (string path in new[] { DvpnctlBinary, "/usr/share/dotnet/dotnet" })
        {
            for (string? p = path; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
            {
                UnixFileMode mode = File.GetUnixFileMode(p);
                bool isDirectory = Directory.Exists(p);
                Assert.True(mode.HasFlag(isDirectory ? UnixFileMode.OtherExecute : UnixFileMode.OtherRead),
                    $"nobody cannot {(isDirectory ? "traverse" : "read")} {p} (mode {Convert.ToString((int)mode, 8)}), on the way to {path}: " +
                    "run the tests from a checkout that other users can read (e.g. chmod o+rx on its parent directories)");
            }
        }
    }

    /// <summary>Removes nobody's temporary home, if a test made one.</summary>
    public static void DeleteHome()
    {
        if (s_home.IsValueCreated && Directory.Exists(s_home.Value))
        {
            Directory.Delete(s_home.Value, recursive: true);
        }
    }

    private static string CreateHome()
    {
        string home = Directory.CreateTempSubdirectory("dvpn-nobody-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        return home;
    }

    [GeneratedRegex(@"grpc-status: *(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex GrpcStatus();

    [GeneratedRegex(@"grpc-message: *([^\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex GrpcMessage();
}
