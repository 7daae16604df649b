using System.Runtime.InteropServices;
using Dvpn.Control.Server.Transport;
using Dvpn.Control.Server.Tests.Probe;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Control.Server.Tests;

public sealed class ControlSocketTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Start_SocketIsOwnedByUsWithMode0666_AndNoTemporaryNameIsLeft()
    {
        await using var server = await ControlServer.StartAsync(_root);

        var status = PathStatus.Get(server.SocketPath);
        Assert.NotNull(status);
        Assert.True(status.Value.IsSocket);
        Assert.Equal(Interop.GetEffectiveUserId(), status.Value.Uid);
        Assert.Equal(Convert.ToUInt32("666", 8), status.Value.Permissions);
        Assert.Equal([server.SocketPath, server.SocketPath + ".lock"],
            Directory.GetFileSystemEntries(_root.SocketDirectory).Order(StringComparer.Ordinal));
        Assert.Equal(Convert.ToUInt32("600", 8), PathStatus.Get(server.SocketPath + ".lock")!.Value.Permissions);

        var directory = PathStatus.Get(_root.SocketDirectory)!.Value;
        Assert.True(directory.IsDirectory);
        Assert.Equal(Convert.ToUInt32("755", 8), directory.Permissions);
    }

    [Fact]
    public async Task Bind_WhileAnotherServerAnswers_ThrowsAnotherInstanceRunningWithItsPid()
    {
        await using var server = await ControlServer.StartAsync(_root);

        var e = Assert.Throws<AnotherInstanceRunningException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Equal(Environment.ProcessId, e.Pid);
        Assert.Equal($"dvpnd is already running on {server.SocketPath} (pid {Environment.ProcessId})", e.Message);
        // The live server is untouched and still answers.
        using var channel = ControlServer.Connect(server.SocketPath);
        await new Probe.Probe.ProbeClient(channel).ReadAsync(new ProbeRequest());
    }

    [Fact]
    public void Bind_WhileAnotherDaemonIsStartingAndHoldsTheLock_Throws()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        string path = _root.SocketOptions().SocketPath;
        using var starting = UnixSocketListenerSetup.AcquireStartLock(path, new(TimeSpan.FromSeconds(1), TimeProvider.System));

        var e = Assert.Throws<AnotherInstanceRunningException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Equal($"dvpnd is already starting on {path} (it holds {path}.lock)", e.Message);
    }

    [Fact]
    public async Task Bind_ManyAtOnceOverAStaleSocket_ExactlyOneWins()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        using (var crashed = Interop.Socket(Interop.AF_UNIX, Interop.SOCK_STREAM, 0))
        {
            UnixSocketListenerSetup.BindTo(crashed, _root.SocketOptions().SocketPath);
        }

        using var go = new Barrier(8);
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            go.SignalAndWait();
            try
            {
                return UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance);
            }
            catch (AnotherInstanceRunningException)
            {
                return null;
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null)!;
        using (winner)
        {
            using var probe = new System.Net.Sockets.Socket(
                System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            // The winner's socket is the one on the path: it accepts (its backlog, Kestrel not even attached).
            await probe.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(winner.Path));
        }
    }

    [Fact]
    public async Task Start_OverStaleSocketFromACrash_ReplacesIt()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        string path = _root.SocketOptions().SocketPath;
        using (var crashed = Interop.Socket(Interop.AF_UNIX, Interop.SOCK_STREAM, 0))
        {
            // Bound and closed without unlink: what a SIGKILLed daemon leaves behind.
            UnixSocketListenerSetup.BindTo(crashed, path);
        }

        Assert.True(PathStatus.Get(path)!.Value.IsSocket);

        await using var server = await ControlServer.StartAsync(_root);
        using var channel = ControlServer.Connect(server.SocketPath);
        var reply = await new Probe.Probe.ProbeClient(channel).ReadAsync(new ProbeRequest());
        Assert.Equal(Environment.ProcessId, reply.Pid);
    }

    [Fact]
    public void Bind_PathIsARegularFile_RefusesToReplaceIt()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        File.SetUnixFileMode(_root.SocketDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        File.WriteAllText(_root.SocketOptions().SocketPath, "not a socket");

        var e = Assert.Throws<InvalidOperationException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Contains("is not a socket", e.Message, StringComparison.Ordinal);
        Assert.Equal("not a socket", File.ReadAllText(_root.SocketOptions().SocketPath));
    }

    [Fact]
    public void Bind_DirectoryWritableByOthers_IsRefused()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        File.SetUnixFileMode(_root.SocketDirectory, (UnixFileMode)Convert.ToInt32("777", 8));

        var e = Assert.Throws<InvalidOperationException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Contains("writable by others", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DirectoryOwnedBySomeoneElse_IsRefused()
    {
        Directory.CreateDirectory(_root.SocketDirectory);
        File.SetUnixFileMode(_root.SocketDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        Assert.Equal(0, Chown(_root.SocketDirectory, 65534, 65534));

        var e = Assert.Throws<InvalidOperationException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Contains("is owned by uid 65534", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DirectoryIsASymbolicLink_IsRefused()
    {
        string target = Path.Combine(_root.Path, "elsewhere");
        Directory.CreateDirectory(target);
        Directory.CreateSymbolicLink(_root.SocketDirectory, target);

        var e = Assert.Throws<InvalidOperationException>(
            () => UnixSocketListenerSetup.Bind(_root.SocketOptions(), NullLogger.Instance));

        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_RemovesTheSocketFile()
    {
        string path;
        await using (var server = await ControlServer.StartAsync(_root))
        {
            path = server.SocketPath;
        }

        Assert.Null(PathStatus.Get(path));
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA2101 // a test helper: plain DllImport keeps it one line
    private static extern int Chown(string path, uint uid, uint gid);
#pragma warning restore SYSLIB1054, CA2101
}
