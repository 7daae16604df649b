using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Dvpn.Control.Server.Tests.Probe;

namespace Dvpn.Control.Server.Tests;

/// <summary>
/// Calls the control socket from another process under another identity: setpriv(1) drops to the given uid, gid and
/// groups, then curl speaks gRPC (HTTP/2 prior knowledge, one length-prefixed empty message) over the Unix socket.
/// </summary>
internal static partial class UnprivilegedClient
{
    public const uint Nobody = 65534;

    public static bool IsAvailable => File.Exists("/usr/bin/setpriv") && File.Exists("/usr/bin/curl") && Transport.Interop.GetEffectiveUserId() == 0;

    /// <summary>The call's grpc-status, and the reply if there was one.</summary>
    public static async Task<(int GrpcStatus, string Message, ProbeReply? Reply)> CallAsync(
        string socketPath, string method, uint uid, uint gid, uint[] groups)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            $"--reuid={uid}", $"--regid={gid}",
            groups.Length == 0 ? "--clear-groups" : $"--groups={string.Join(',', groups)}",
            "--", "/usr/bin/curl", "-sS", "--http2-prior-knowledge", "--unix-socket", socketPath,
            "-H", "content-type: application/grpc", "-H", "te: trailers", "--data-binary", "@-",
            "-D", "-", "-o", "-", $"http://localhost/dvpn.control.test.Probe/{method}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        // An empty ProbeRequest: not compressed, length 0.
        await process.StandardInput.BaseStream.WriteAsync(new byte[5]);
        process.StandardInput.Close();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        string errors = await process.StandardError.ReadToEndAsync();
        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"setpriv/curl failed ({process.ExitCode}): {errors}");

        byte[] bytes = output.ToArray();
        string text = System.Text.Encoding.Latin1.GetString(bytes);
        var status = GrpcStatus().Match(text);
        Assert.True(status.Success, $"no grpc-status in: {text}");
        var message = GrpcMessage().Match(text);
        return (int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture),
            message.Success ? Uri.UnescapeDataString(message.Groups[1].Value.Trim()) : string.Empty,
            TryParseReply(bytes, text));
    }

    private static ProbeReply? TryParseReply(byte[] bytes, string text)
    {
        // The headers end with a blank line; the body is one length-prefixed message; trailers follow it.
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || bytes.Length < end + 4 + 5)
        {
            return null;
        }

        int offset = end + 4;
        int length = (bytes[offset + 1] << 24) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 8) | bytes[offset + 4];
        return bytes.Length < offset + 5 + length ? null : ProbeReply.Parser.ParseFrom(bytes, offset + 5, length);
    }

    [GeneratedRegex(@"grpc-status: *(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex GrpcStatus();

    [GeneratedRegex(@"grpc-message: *([^\r\n]*)", RegexOptions.IgnoreCase)]
    private static partial Regex GrpcMessage();
}
