using Google.Rpc;
using Grpc.Core;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>Assertions on dvpn.control.v1 errors: a status code and a google.rpc.ErrorInfo of domain dvpn.control.v1.</summary>
internal static class RpcAssert
{
    public const string Domain = "dvpn.control.v1";

    /// <summary>The call fails with <paramref name="code"/> and carries an ErrorInfo of our domain; returns both.</summary>
    public static async Task<(RpcException Exception, ErrorInfo Info)> FailsAsync(StatusCode code, Func<Task> call)
    {
        RpcException e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(e.StatusCode == code, $"expected {code}, got {e.StatusCode}: {e.Status.Detail}");
        ErrorInfo? info = e.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.True(info is not null, $"{e.StatusCode} '{e.Status.Detail}' carries no google.rpc.ErrorInfo");
        Assert.Equal(Domain, info.Domain);
        return (e, info);
    }

    /// <summary>The call fails with <paramref name="code"/> and ErrorInfo reason <paramref name="reason"/>.</summary>
    public static async Task<RpcException> FailsAsync(StatusCode code, string reason, Func<Task> call)
    {
        (RpcException e, ErrorInfo info) = await FailsAsync(code, call);
        Assert.True(info.Reason == reason, $"expected reason {reason}, got {info.Reason}: {e.Status.Detail}");
        return e;
    }
}
