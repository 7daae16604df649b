using System.Runtime.Versioning;
using System.Text;
using Dvpn.Client.Resolution;

namespace Dvpn.Client.Tests.Resolution;

/// <summary>The saved state parser: round trip, and refusal (never an exception) of anything we would not write.</summary>
[SupportedOSPlatform("linux")]
public sealed class ResolvConfStateTests
{
    private const string Path = "/etc/netns/ns1/resolv.conf";

    private static ResolvConfState Sample(FileKind kind = FileKind.Regular) => kind switch
    {
        FileKind.Regular => new(Path, kind, null, [1, 2, 3], (UnixFileMode)0b110_100_100, 7, 8, ["search lan"], []),
        FileKind.SymbolicLink => new(Path, kind, "../run/systemd/resolve/stub-resolv.conf", null, 0, 0, 0, [], []),
        _ => new(Path, kind, null, null, 0, 0, 0, [], ["/etc/netns", "/etc/netns/ns1"]),
    };

    [Theory]
    [InlineData("file")]
    [InlineData("symlink")]
    [InlineData("absent")]
    public void TryRead_WhatToJsonWrote_GivesTheSameState(string kind)
    {
        ResolvConfState state = Sample(kind switch { "file" => FileKind.Regular, "symlink" => FileKind.SymbolicLink, _ => FileKind.Absent });

        Assert.True(ResolvConfState.TryRead(state.ToJson(), Path, out ResolvConfState? read, out string problem), problem);

        Assert.Equal(state.Kind, read!.Kind);
        Assert.Equal(state.LinkText, read.LinkText);
        Assert.Equal(state.Content, read.Content);
        Assert.Equal((state.Mode, state.Uid, state.Gid), (read.Mode, read.Uid, read.Gid));
        Assert.Equal(state.KeptLines, read.KeptLines);
        Assert.Equal(state.CreatedDirectories, read.CreatedDirectories);
    }

    public static TheoryData<string> Refused() => new()
    {
        "",
        "null",
        "[]",
        "{",
        "{\"version\":2,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\"}",
        "{\"version\":1,\"path\":\"/etc/resolv.conf\",\"kind\":\"absent\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"fifo\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"file\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"file\",\"content\":\"AA==\",\"mode\":2048}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"file\",\"content\":\"not base64!\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"symlink\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"symlink\",\"linkText\":\"\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"content\":\"AA==\"}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"keptLines\":[\"nameserver 8.8.8.8\"]}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"keptLines\":[\"search a\\nnameserver 8.8.8.8\"]}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"createdDirectories\":[\"/etc\"]}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"createdDirectories\":[\"/home\"]}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"createdDirectories\":[\"/etc/netns/ns1\",\"/etc/netns\"]}",
        "{\"version\":1,\"path\":\"/etc/netns/ns1/resolv.conf\",\"kind\":\"absent\",\"createdDirectories\":[\"/etc/netns/../ns1\"]}",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryRead_NotSomethingWeWrite_ReturnsFalseWithAReason(string json)
    {
        Assert.False(ResolvConfState.TryRead(Encoding.UTF8.GetBytes(json), Path, out ResolvConfState? state, out string problem));
        Assert.Null(state);
        Assert.NotEmpty(problem);
    }
}
