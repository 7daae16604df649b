using Dvpn.Control.Server.Tests.Probe;
using Grpc.Core;

namespace Dvpn.Control.Server.Tests;

public sealed class AuthorizationTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task CallFromThisProcess_CarriesOurOwnUidGidPid_AndIsAdminAsRoot()
    {
        await using var server = await ControlServer.StartAsync(_root);
        using var channel = ControlServer.Connect(server.SocketPath);
        var client = new Probe.Probe.ProbeClient(channel);

        var reply = await client.ChangeAsync(new ProbeRequest());

        Assert.Equal(Environment.ProcessId, reply.Pid);
        Assert.Equal(Transport.Interop.GetEffectiveUserId(), reply.Uid);
        Assert.Equal(0u, reply.Uid); // the suite runs as root, like dvpnd
        Assert.Equal("Admin", reply.Role);
        Assert.False(reply.Redacted);
    }

    [Fact]
    public async Task CallWithoutAKernelVouchedIdentity_IsUnauthenticated_EvenForReads()
    {
        await using var server = await ControlServer.StartAsync(_root, alsoListenOnTcp: true);
        Assert.NotNull(server.TcpAddress);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.TcpAddress);

        var e = await Assert.ThrowsAsync<RpcException>(
            () => new Probe.Probe.ProbeClient(channel).ReadAsync(new ProbeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Nobody_MayRead_WithSecretsRedacted()
    {
        Assert.True(UnprivilegedClient.IsAvailable, "this test needs root, setpriv and curl");
        await using var server = await ControlServer.StartAsync(_root);

        var (status, message, reply) = await UnprivilegedClient.CallAsync(
            server.SocketPath, "Read", UnprivilegedClient.Nobody, UnprivilegedClient.Nobody, []);

        Assert.True(status == 0, message);
        Assert.NotNull(reply);
        Assert.Equal(UnprivilegedClient.Nobody, reply.Uid);
        Assert.Equal(UnprivilegedClient.Nobody, reply.Gid);
        Assert.Equal("ReadOnly", reply.Role);
        Assert.True(reply.Redacted);
    }

    [Theory]
    [InlineData("Change")]
    [InlineData("Unlisted")] // not in the access table: fails closed
    public async Task Nobody_IsDeniedAdminMethods_WithPermissionDeniedNamingMethodAndGroup(string method)
    {
        Assert.True(UnprivilegedClient.IsAvailable, "this test needs root, setpriv and curl");
        await using var server = await ControlServer.StartAsync(_root);

        var (status, message, reply) = await UnprivilegedClient.CallAsync(
            server.SocketPath, method, UnprivilegedClient.Nobody, UnprivilegedClient.Nobody, []);

        Assert.Equal((int)StatusCode.PermissionDenied, status);
        Assert.Null(reply);
        Assert.Equal(
            $"/dvpn.control.test.Probe/{method} requires the Admin role: run it as root or as a member of the " +
            $"'{ControlServer.OperatorGroup}' group (the caller is uid {UnprivilegedClient.Nobody}, ReadOnly)",
            message);
    }

    [Fact]
    public async Task OperatorGroupAsSupplementaryGroup_MayChange()
    {
        Assert.True(UnprivilegedClient.IsAvailable, "this test needs root, setpriv and curl");
        await using var server = await ControlServer.StartAsync(_root);

        var (status, message, reply) = await UnprivilegedClient.CallAsync(server.SocketPath, "Change",
            UnprivilegedClient.Nobody, UnprivilegedClient.Nobody, [ControlServer.OperatorGid, 100]);

        Assert.True(status == 0, message);
        Assert.NotNull(reply);
        Assert.Equal("Admin", reply.Role);
        Assert.Contains(ControlServer.OperatorGid, reply.Groups);
        Assert.Contains(100u, reply.Groups);
    }

    [Fact]
    public async Task OperatorGroupAsPrimaryGroup_MayChange()
    {
        Assert.True(UnprivilegedClient.IsAvailable, "this test needs root, setpriv and curl");
        await using var server = await ControlServer.StartAsync(_root);

        var (status, message, reply) = await UnprivilegedClient.CallAsync(server.SocketPath, "Change",
            UnprivilegedClient.Nobody, ControlServer.OperatorGid, []);

        Assert.True(status == 0, message);
        Assert.NotNull(reply);
        Assert.Equal("Admin", reply.Role);
        Assert.Empty(reply.Groups);
    }
}
