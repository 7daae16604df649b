using Dvpn.Control.Server.Authorization;
using Dvpn.Control.Server.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Control.Server.Tests;

public sealed class ParserTests
{
    private const string GroupFile = """
        root:x:0:
        # a comment
        sudo:x:27:alice

        +nisgroup
        dvpn:x:998:alice,bob
        users:x:100:
        """;

    [Theory]
    [InlineData("root", 0u)]
    [InlineData("dvpn", 998u)]
    [InlineData("users", 100u)]
    public void FindGroupId_KnownGroup_ReturnsItsGid(string name, uint gid) =>
        Assert.Equal(gid, GroupFileParser.FindGroupId(GroupFile, name));

    [Theory]
    [InlineData("dvp")]
    [InlineData("nisgroup")]
    [InlineData("alice")]
    public void FindGroupId_UnknownGroup_ReturnsNull(string name) =>
        Assert.Null(GroupFileParser.FindGroupId(GroupFile, name));

    [Theory]
    [InlineData("root:x:0:\ngarbage\n", "group file line 2: expected name:password:gid:members, got 'garbage'")]
    [InlineData("dvpn:x:998\n", "group file line 1: expected name:password:gid:members, got 'dvpn:x:998'")]
    [InlineData("dvpn:x:998:a:b\n", "group file line 1: expected name:password:gid:members, got 'dvpn:x:998:a:b'")]
    [InlineData("root:x:0:\ndvpn:x:-1:\n", "group file line 2: the gid '-1' is not a number")]
    [InlineData("dvpn:x:99999999999:\n", "group file line 1: the gid '99999999999' is not a number")]
    public void FindGroupId_Garbage_ThrowsNamingTheLine(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => GroupFileParser.FindGroupId(text, "dvpn")).Message);

    [Fact]
    public void ParseGroups_RealStatusText_ReturnsTheGroups()
    {
        const string status = "Name:\tbash\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\n" +
            "Gid:\t1000\t1000\t1000\t1000\nFDSize:\t256\nGroups:\t4 24 27 998 \nNStgid:\t4242\n";

        Assert.Equal([4u, 24u, 27u, 998u], ProcStatusParser.ParseGroups(status));
    }

    [Fact]
    public void ParseGroups_NoSupplementaryGroups_ReturnsEmpty() =>
        Assert.Empty(ProcStatusParser.ParseGroups("Name:\tsh\nGroups:\t\nVmPeak:\t1 kB\n"));

    [Fact]
    public void ParseGroups_OurOwnStatus_Parses() =>
        Assert.NotNull(ProcStatusParser.TryReadGroups(Environment.ProcessId));

    [Theory]
    [InlineData("Name:\tsh\nGroups:\t4 x 27\n", "/proc status: the Groups line holds 'x', which is not a group id")]
    [InlineData("Name:\tsh\nGroups:\t4 -27\n", "/proc status: the Groups line holds '-27', which is not a group id")]
    [InlineData("Name:\tsh\nUid:\t0\n", "/proc status: no Groups line")]
    [InlineData("", "/proc status: no Groups line")]
    public void ParseGroups_Garbage_ThrowsClearly(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => ProcStatusParser.ParseGroups(text)).Message);

    [Theory]
    [InlineData(0u, 0u, new uint[0], ControlRole.Admin)]
    [InlineData(1000u, 998u, new uint[0], ControlRole.Admin)]
    [InlineData(1000u, 1000u, new uint[] { 27, 998 }, ControlRole.Admin)]
    [InlineData(1000u, 1000u, new uint[] { 27 }, ControlRole.ReadOnly)]
    [InlineData(65534u, 65534u, new uint[0], ControlRole.ReadOnly)]
    public void RoleOf_RootAndOperatorGroupAreAdmin(uint uid, uint gid, uint[] groups, ControlRole role) =>
        Assert.Equal(role, new AccessPolicy("dvpn", 998).RoleOf(new CallerIdentity(uid, gid, 1, groups)));

    [Fact]
    public void RoleOf_OperatorGroupMissing_OnlyRootIsAdmin()
    {
        var policy = new AccessPolicy("dvpn", operatorGid: null);

        Assert.Equal(ControlRole.Admin, policy.RoleOf(new CallerIdentity(0, 0, 1, [])));
        Assert.Equal(ControlRole.ReadOnly, policy.RoleOf(new CallerIdentity(1000, 998, 1, [998])));
    }

    [Theory]
    [InlineData(true, ControlRole.Admin)]
    [InlineData(false, ControlRole.ReadOnly)]
    public void RoleOf_WindowsCaller_IsWhatItsTokenSaid(bool isOperator, ControlRole role)
    {
        var caller = CallerIdentity.ForWindows("S-1-5-21-1-2-3-1001", 42, isOperator);

        Assert.Equal(role, new AccessPolicy("dvpn", 998).RoleOf(caller));
        Assert.Equal("sid S-1-5-21-1-2-3-1001 pid 42", caller.ToString());
    }

    [Fact]
    public void RoleOf_WindowsCaller_NeverMatchesRootOrTheOperatorGid()
    {
        // uid/gid are uint.MaxValue for pipe callers: an operator gid of uint.MaxValue must not make them Admin.
        var caller = CallerIdentity.ForWindows("S-1-5-21-1-2-3-1001", 42, isOperator: false);

        Assert.Equal(ControlRole.ReadOnly, new AccessPolicy("dvpn", uint.MaxValue).RoleOf(caller));
    }

    [Fact]
    public void Create_ResolvesTheGroupFromTheFile()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, GroupFile);
            var policy = AccessPolicy.Create(new AccessPolicyOptions { GroupFile = file }, NullLogger.Instance);

            Assert.Equal(ControlRole.Admin, policy.RoleOf(new CallerIdentity(1000, 1000, 1, [998])));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
