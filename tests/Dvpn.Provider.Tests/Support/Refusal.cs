using Dvpn.Protocol.Sessions;
using Grpc.Core;

namespace Dvpn.Provider.Tests.Support;

/// <summary>Asserts that a provider call was refused, and reads why.</summary>
internal static class Refusal
{
    /// <summary>The reason the provider gave for refusing <paramref name="call"/>; fails the test if it succeeded or gave none.</summary>
    public static async Task<OpenRejectionReason> ReasonAsync(Func<Task> call)
    {
        RpcException refused = await Assert.ThrowsAsync<RpcException>(call);
        OpenRejectionReason? reason = OpenRejection.ReasonOf(refused);
        Assert.True(reason is not null, $"The refusal carries no dvpn-reason trailer: {refused.Status}");
        return reason.Value;
    }
}
