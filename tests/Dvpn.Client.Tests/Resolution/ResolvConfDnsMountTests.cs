using System.Net;
using System.Runtime.Versioning;
using Dvpn.Client.Resolution;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Namespaces;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.Resolution;

/// <summary>
/// ResolvConfDns where a rename cannot replace the file: a bind-mounted resolv.conf (what <c>ip netns exec</c> and
/// containers do), a read-only file system, and the real <c>/etc/netns/NS/resolv.conf</c> read through
/// <c>ip netns exec</c>. Needs root, mount and iproute2; fails when they are missing. Mounts and namespaces are
/// removed even when a test fails.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ResolvConfDnsMountTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IPAddress[] TunnelDns = [IPAddress.Parse("10.8.0.1")];
    private const string Original = "search lan\nnameserver 192.168.1.1\n";

    private readonly TempDirectory _dir = new();
    private readonly ILoggerFactory _logs = TestOutputLoggerProvider.Factory(output);

    public void Dispose()
    {
        _logs.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task ApplyAsync_BindMountedTarget_WritesInPlaceThroughTheMountAndRestoreGivesBackTheSource()
    {
        string source = _dir.File("netns-resolv.conf"); // stands for /etc/netns/NS/resolv.conf
        string target = _dir.File("resolv.conf");       // stands for /etc/resolv.conf inside 'ip netns exec'
        await File.WriteAllTextAsync(source, Original);
        await File.WriteAllTextAsync(target, "the host's file, hidden by the mount\n");
        File.SetUnixFileMode(source, (UnixFileMode)0b110_100_000);
        await RootCommands.RunAsync("mount", "--bind", source, target);
        try
        {
            ResolvConfDns dns = new(target, _dir.File("state.json"), _logs.CreateLogger("dns"));
            await dns.ApplyAsync("wg0", TunnelDns);

            Assert.Contains("nameserver 10.8.0.1", await File.ReadAllTextAsync(source), StringComparison.Ordinal);
            Assert.Equal(await File.ReadAllTextAsync(source), await File.ReadAllTextAsync(target));
            Assert.Contains(target, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal); // still mounted
            Assert.Empty(Directory.GetFiles(_dir.Path, ".*.tmp"));

            await dns.RestoreAsync();

            Assert.Equal(Original, await File.ReadAllTextAsync(source));
            Assert.Equal("640 0 0", await RootCommands.ModeAndOwnerAsync(source));
        }
        finally
        {
            await RootCommands.UnmountAllAsync(target);
        }

        Assert.Equal("the host's file, hidden by the mount\n", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task TryRename_OverABindMount_ReturnsFalseOnEbusyAndChangesNothing()
    {
        string source = _dir.File("source");
        string target = _dir.File("target");
        string replacement = _dir.File("replacement");
        await File.WriteAllTextAsync(source, "source\n");
        await File.WriteAllTextAsync(target, "");
        await File.WriteAllTextAsync(replacement, "replacement\n");
        await RootCommands.RunAsync("mount", "--bind", source, target);
        try
        {
            Assert.False(DurableFile.TryRename(replacement, target));

            Assert.Equal("source\n", await File.ReadAllTextAsync(target));
            Assert.Equal("replacement\n", await File.ReadAllTextAsync(replacement));
        }
        finally
        {
            await RootCommands.UnmountAllAsync(target);
        }
    }

    [Fact]
    public async Task ApplyAsync_PreserveInode_FailoverReachesAProcessViewBindMountedEarlier()
    {
        string target = _dir.File("netns/ns1/resolv.conf"); // /etc/netns/NS/resolv.conf, absent before the first apply
        string view = _dir.File("view");                    // the /etc/resolv.conf of a process 'ip netns exec' started
        await File.WriteAllTextAsync(view, "");
        ResolvConfDns dns = new(target, _dir.File("state.json"), _logs.CreateLogger("dns"), preserveInode: true);
        await dns.ApplyAsync("wg0", TunnelDns);
        await RootCommands.RunAsync("mount", "--bind", target, view);
        try
        {
            await dns.ApplyAsync("wg1", [IPAddress.Parse("10.9.0.1")]);

            string seen = await File.ReadAllTextAsync(view);
            Assert.Contains("nameserver 10.9.0.1", seen, StringComparison.Ordinal);
            Assert.DoesNotContain("10.8.0.1", seen, StringComparison.Ordinal);

            await dns.RestoreAsync();

            Assert.False(File.Exists(target));
            Assert.False(Directory.Exists(_dir.File("netns")));
        }
        finally
        {
            await RootCommands.UnmountAllAsync(view);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ApplyAsync_SecondApply_KeepsTheInodeOnlyWithPreserveInode(bool preserveInode)
    {
        string target = _dir.File("resolv.conf");
        await File.WriteAllTextAsync(target, Original);
        ResolvConfDns dns = new(target, _dir.File("state.json"), _logs.CreateLogger("dns"), preserveInode);
        string before = await RootCommands.RunAsync("stat", "-c", "%i", target);
        // Held open, the original inode cannot be freed and its number reused by the files a rename brings in.
        using FileStream holder = new(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        await dns.ApplyAsync("wg0", TunnelDns);
        await dns.ApplyAsync("wg0", [IPAddress.Parse("10.9.0.1")]);
        string applied = await RootCommands.RunAsync("stat", "-c", "%i", target);
        await dns.RestoreAsync();
        string restored = await RootCommands.RunAsync("stat", "-c", "%i", target);

        Assert.Equal(preserveInode, before == applied);
        Assert.Equal(preserveInode, before == restored);
        Assert.Equal(Original, await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task ApplyAsync_TargetNotWritable_ThrowsAfterSavingStateAndRestoreGivesBackTheOriginal()
    {
        string mount = _dir.File("ro");
        Directory.CreateDirectory(mount);
        string target = Path.Combine(mount, "resolv.conf");
        string statePath = _dir.File("state/dns.json");
        await RootCommands.RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        try
        {
            await File.WriteAllTextAsync(target, Original);
            await RootCommands.RunAsync("mount", "-o", "remount,ro", mount);

            await Assert.ThrowsAnyAsync<IOException>(() => new ResolvConfDns(target, statePath, _logs.CreateLogger("dns")).ApplyAsync("wg0", TunnelDns));

            Assert.Equal(Original, await File.ReadAllTextAsync(target));
            Assert.True(ResolvConfState.TryRead(await File.ReadAllBytesAsync(statePath), target, out ResolvConfState? state, out string problem), problem);
            Assert.Equal(Original, System.Text.Encoding.UTF8.GetString(state!.Content!));

            await RootCommands.RunAsync("mount", "-o", "remount,rw", mount);
            await new ResolvConfDns(target, statePath, _logs.CreateLogger("dns")).RestoreAsync();

            Assert.Equal(Original, await File.ReadAllTextAsync(target));
            Assert.False(File.Exists(statePath));
        }
        finally
        {
            await RootCommands.UnmountAllAsync(mount);
        }
    }

    [Fact]
    public async Task ApplyAsync_NetnsResolvConf_IpNetnsExecSeesItAndRestoreRemovesWhatItCreated()
    {
        await using NetworkLab lab = await NetworkLab.CreateAsync();
        NetworkHost host = await lab.AddHostAsync("dns", CancellationToken.None);
        string directory = $"/etc/netns/{host.Namespace}";
        bool netnsExisted = Directory.Exists("/etc/netns");
        Assert.False(Directory.Exists(directory));
        string target = Path.Combine(directory, "resolv.conf");
        try
        {
            ResolvConfDns dns = new(target, _dir.File("state.json"), _logs.CreateLogger("dns"));
            await dns.ApplyAsync("wg0", TunnelDns);

            string seen = (await host.RunAsync(["cat", "/etc/resolv.conf"])).EnsureSuccess().StandardOutput;
            Assert.Equal(await File.ReadAllTextAsync(target), seen);
            Assert.Contains("nameserver 10.8.0.1", seen, StringComparison.Ordinal);

            await dns.RestoreAsync();

            Assert.False(Directory.Exists(directory));
            // /etc/netns is removed only when this apply created it, and only when empty (another test may use it).
            Assert.True(netnsExisted ? Directory.Exists("/etc/netns")
                : !Directory.Exists("/etc/netns") || Directory.EnumerateFileSystemEntries("/etc/netns").Any());
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            if (!netnsExisted && Directory.Exists("/etc/netns") && !Directory.EnumerateFileSystemEntries("/etc/netns").Any())
            {
                try
                {
                    Directory.Delete("/etc/netns"); // ours, left by a failed restore
                }
                catch (IOException)
                {
                    // another test put a namespace's directory there meanwhile: not ours to remove
                }
            }
        }
    }
}
