using Dvpn.Daemon.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Dvpn.Daemon.Tests.Api;

/// <summary>The standard gRPC health service and server reflection on the daemon's socket.</summary>
[Collection(DaemonLabFixture.CollectionName)]
public sealed class HealthAndReflectionTests(DaemonLabFixture fixture)
{
    [Fact]
    public async Task HealthCheck_IsServing()
    {
        HealthCheckResponse health = await new Health.HealthClient(fixture.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Reflection_ListsEveryDvpnControlV1Service()
    {
        using AsyncDuplexStreamingCall<ServerReflectionRequest, ServerReflectionResponse> call = new ServerReflection.ServerReflectionClient(fixture.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        string[] services = [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];

        string[] expected = [.. ControlDescriptors.Services.Select(s => s.FullName)];
        Assert.Equal(8, expected.Length);
        Assert.All(expected, s => Assert.Contains(s, services));
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
