using System.Diagnostics;
using System.Net;
using System.Text;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// A userspace implementation with wireguard-go's command line run as <c>ip netns exec NS BINARY -f NAME</c>
/// (ip execs the binary, so the process is exactly it): waited for until its UAPI socket exists, killed by its own
/// PID, its socket removed.
/// </summary>
internal sealed class ProcessEnd : TunnelEnd
{
    private const string SocketDirectory = "/var/run/wireguard";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ProcessEnd(string ns, string name, IPAddress tunnelAddress, IPAddress underlayAddress, string binary)
        : base(ns, name, tunnelAddress, underlayAddress)
    {
        Binary = binary;
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["netns", "exec", ns, binary, "-f", name])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LOG_LEVEL"] = "error";
        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        _process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        _process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Binary { get; }

    private string SocketPath => Path.Combine(SocketDirectory, Name + ".sock");

    /// <summary>Starts <paramref name="binary"/> and waits (polling, 20 s at most) for its UAPI socket.</summary>
    public static async Task<ProcessEnd> StartAsync(string ns, string name, IPAddress tunnelAddress, IPAddress underlayAddress, string binary)
    {
        var end = new ProcessEnd(ns, name, tunnelAddress, underlayAddress, binary);
        try
        {
            bool ready = await Tool.EventuallyAsync(() => File.Exists(end.SocketPath) || end._process.HasExited, TimeSpan.FromSeconds(20));
            if (!ready || end._process.HasExited)
            {
                throw new InvalidOperationException($"{binary} -f {name} did not open {end.SocketPath}: {end.Describe()}");
            }

            return end;
        }
        catch
        {
            await end.DisposeAsync();
            throw;
        }
    }

    public override string Describe()
    {
        lock (_log)
        {
            return $"{Path.GetFileName(Binary)} {Name} in {Namespace}, log: {_log}";
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            try
            {
                _process.Kill(); // this PID only: the binary itself, since ip netns exec execs it
            }
            catch (InvalidOperationException)
            {
                // it has exited already
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            _process.Dispose();
            File.Delete(SocketPath); // a killed process leaves its socket behind
        }
    }

    private void AppendLog(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
