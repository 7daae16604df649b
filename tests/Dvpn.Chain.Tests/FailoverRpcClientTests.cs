using System.Net;
using System.Net.Sockets;
using Dvpn.Chain.Rpc;
using Dvpn.Chain.Tests.Support;
using Dvpn.Devnet;

namespace Dvpn.Chain.Tests;

[Collection(AnvilCollection.Name)]
public sealed class FailoverRpcClientTests(AnvilFixture anvil)
{
    private static readonly RpcFailoverOptions Fast = new() { InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    /// <summary>A loopback URL where nothing listens: the port was just free and is closed again.</summary>
    private static Uri DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task Connect_FirstEndpointDown_FailsOverToTheNext()
    {
        ChainConnection chain = await ChainConnection.ConnectAsync([DeadEndpoint(), anvil.Node.RpcUrl], options: Fast);

        Assert.Equal(AnvilNode.ChainId, (int)chain.ChainId);
        Assert.Equal(anvil.Node.RpcUrl, chain.Rpc.CurrentEndpoint);
        Assert.True(await chain.GetLatestBlockTimestampAsync() > 0);
    }

    [Fact]
    public async Task Connect_EveryEndpointDown_ThrowsATransientChainException()
    {
        var e = await Assert.ThrowsAsync<ChainException>(() =>
            ChainConnection.ConnectAsync([DeadEndpoint(), DeadEndpoint()], options: Fast));

        Assert.True(e.IsTransient);
        Assert.Contains("every endpoint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_WrongChainId_ThrowsANonTransientChainException()
    {
        var e = await Assert.ThrowsAsync<ChainException>(() =>
            ChainConnection.ConnectAsync([anvil.Node.RpcUrl], expectedChainId: 1, options: Fast));

        Assert.False(e.IsTransient);
        Assert.Contains("31337", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ReadOnlyConnection_ThrowsInvalidOperation()
    {
        ChainConnection readOnly = await ChainConnection.ConnectAsync([anvil.Node.RpcUrl]);
        var directory = new Providers.DirectoryClient(readOnly, anvil.Contracts.Directory);

        await Assert.ThrowsAsync<InvalidOperationException>(() => directory.DeregisterAsync());
    }

    [Fact]
    public void Constructor_NoEndpoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FailoverRpcClient([]));
    }
}
