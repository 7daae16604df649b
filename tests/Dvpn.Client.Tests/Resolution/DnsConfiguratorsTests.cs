using System.Runtime.Versioning;
using Dvpn.Client.Resolution;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Client.Tests.Resolution;

/// <summary>DnsConfigurators.Detect on a fake file system tree: systemd-resolved only when it runs, resolvectl exists,
/// the tunnel shares the host's namespace and resolv.conf hands names to resolved.</summary>
[SupportedOSPlatform("linux")]
public sealed class DnsConfiguratorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public DnsConfiguratorsTests()
    {
        Directory.CreateDirectory(_dir.File("etc"));
        Directory.CreateDirectory(_dir.File("bin"));
        File.WriteAllText(_dir.File("bin/resolvectl"), "#!/bin/sh\n");
        File.SetUnixFileMode(_dir.File("bin/resolvectl"), (UnixFileMode)0b111_101_101);
    }

    private string ResolvConf => _dir.File("etc/resolv.conf");

    private string ResolvedDirectory => _dir.File("run/systemd/resolve");

    public void Dispose() => _dir.Dispose();

    private string Detect(bool networkNamespace = false, string? searchPath = null) =>
        DnsConfigurators.Detect(ResolvConf, _dir.File("state"), NullLogger.Instance, networkNamespace, ResolvedDirectory, "resolvectl",
            searchPath ?? $"/nonexistent:{_dir.File("bin")}").Name;

    private void ResolvedRunsWithStubLink()
    {
        Directory.CreateDirectory(ResolvedDirectory);
        File.WriteAllText(Path.Combine(ResolvedDirectory, "stub-resolv.conf"), "nameserver 127.0.0.53\n");
        File.CreateSymbolicLink(ResolvConf, "../run/systemd/resolve/stub-resolv.conf");
    }

    [Fact]
    public void Detect_ResolvedRunningAndStubLink_SystemdResolved()
    {
        ResolvedRunsWithStubLink();

        Assert.Equal("systemd-resolved", Detect());
    }

    [Fact]
    public void Detect_ResolvedRunningAndStubAddressInPlainFile_SystemdResolved()
    {
        Directory.CreateDirectory(ResolvedDirectory);
        File.WriteAllText(ResolvConf, "# copied\nnameserver 127.0.0.53\n");

        Assert.Equal("systemd-resolved", Detect());
    }

    [Fact]
    public void Detect_NoResolvedDirectory_ResolvConf()
    {
        File.WriteAllText(ResolvConf, "nameserver 127.0.0.53\n");

        Assert.Equal("resolv.conf", Detect());
    }

    [Fact]
    public void Detect_ResolvectlNotInPath_ResolvConf()
    {
        ResolvedRunsWithStubLink();

        Assert.Equal("resolv.conf", Detect(searchPath: "/nonexistent"));
    }

    [Fact]
    public void Detect_ResolvectlNotExecutable_ResolvConf()
    {
        ResolvedRunsWithStubLink();
        File.SetUnixFileMode(_dir.File("bin/resolvectl"), (UnixFileMode)0b110_100_100);

        Assert.Equal("resolv.conf", Detect());
    }

    [Fact]
    public void Detect_TunnelInNetworkNamespace_ResolvConf()
    {
        ResolvedRunsWithStubLink();

        Assert.Equal("resolv.conf", Detect(networkNamespace: true));
    }

    [Fact]
    public void Detect_StaticResolvConfBesideResolved_ResolvConf()
    {
        Directory.CreateDirectory(ResolvedDirectory);
        File.WriteAllText(ResolvConf, "nameserver 192.168.1.1\n");

        Assert.Equal("resolv.conf", Detect());
    }

    [Fact]
    public void Detect_LinkOutsideResolvedDirectory_ResolvConf()
    {
        Directory.CreateDirectory(ResolvedDirectory);
        File.WriteAllText(_dir.File("etc/resolv.conf.dhcp"), "nameserver 127.0.0.53\n");
        File.CreateSymbolicLink(ResolvConf, "resolv.conf.dhcp");

        Assert.Equal("resolv.conf", Detect());
    }
}
