using System.Net;
using Dvpn.Client.Firewall;

namespace Dvpn.Client.Tests.Firewall;

/// <summary><see cref="ChainEndpoints"/>: the RPC URLs as the kill switch matches them (address and TCP port).</summary>
public sealed class ChainEndpointsTests
{
    [Fact]
    public async Task Resolve_IPLiterals_TakesAddressAndPort_IncludingDefaultPortsAndBracketedIPv6()
    {
        IReadOnlyList<IPEndPoint> endpoints = await ChainEndpoints.ResolveAsync(
            [new Uri("http://192.0.2.10:8545"), new Uri("https://[2001:db8::10]/rpc"), new Uri("http://198.51.100.7/")], CancellationToken.None);

        Assert.Equal([IPEndPoint.Parse("192.0.2.10:8545"), IPEndPoint.Parse("[2001:db8::10]:443"), IPEndPoint.Parse("198.51.100.7:80")], endpoints);
    }

    [Fact]
    public async Task Resolve_AHostName_IsResolvedNowAndPinned()
    {
        IReadOnlyList<IPEndPoint> endpoints = await ChainEndpoints.ResolveAsync([new Uri("http://localhost:8545")], CancellationToken.None);

        Assert.Contains(IPEndPoint.Parse("127.0.0.1:8545"), endpoints);
        Assert.All(endpoints, e => Assert.True(IPAddress.IsLoopback(e.Address)));
    }

    [Fact]
    public async Task Resolve_DuplicatesAndIPv4MappedForms_AreOneEndpoint()
    {
        IReadOnlyList<IPEndPoint> endpoints = await ChainEndpoints.ResolveAsync(
            [new Uri("http://192.0.2.10:8545"), new Uri("http://[::ffff:192.0.2.10]:8545/other")], CancellationToken.None);

        Assert.Equal([IPEndPoint.Parse("192.0.2.10:8545")], endpoints);
    }
}
