using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Dvpn.Chain.Providers;
using Dvpn.Protocol.Security;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Provider.Tests.Support;
using Dvpn.Provider.Tests.Support.Client;
using Dvpn.Devnet.Providers;
using Dvpn.WireGuard;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Provider.Tests.EndToEnd;

/// <summary>
/// Abuse of the provider's public endpoint: bytes that are not TLS, TLS followed by bytes that are not HTTP/2, and a
/// flood of OpenSession calls from one address. The provider drops the garbage, limits the flood, and keeps serving
/// everyone else.
/// </summary>
[Collection(ProviderLab.CollectionName)]
public sealed class PublicEndpointAbuseTests(ProviderLab lab)
{
    private const int GarbageBytes = 64 * 1024;
    private const int FloodSize = 60;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RandomBytes_OnThePublicPort_AreDropped_AndTheProviderKeepsServing()
    {
        await lab.EnsureProviderAsync();
        using Socket socket = await ConnectAsync();
        await SendAllAsync(socket, RandomNumberGenerator.GetBytes(GarbageBytes));

        await AssertClosedByPeerAsync(new NetworkStream(socket, ownsSocket: false));
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task GarbageAfterTheTlsHandshake_IsDropped_AndTheProviderKeepsServing()
    {
        await lab.EnsureProviderAsync();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using Socket socket = await ConnectAsync();
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = listing.Endpoint.Host,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = CertificatePin.CreateValidator(listing.TlsFingerprint.AsMemory()),
        });
        // Not the HTTP/2 preface: a server must answer with GOAWAY or close, never hang or crash.
        await tls.WriteAsync(RandomNumberGenerator.GetBytes(GarbageBytes));
        await tls.FlushAsync();

        await AssertClosedByPeerAsync(tls);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task OpenSessionFlood_FromOneAddress_IsRateLimited_AndAnotherAddressIsStillServed()
    {
        await lab.EnsureProviderAsync();
        // Signed, well-formed requests of an account without funds: whatever gets past the limiter is refused as
        // unfunded, so the flood leaves no sessions behind.
        using ClientAccount flooder = lab.NewUnfundedAccount();
        ProviderListing listing = await lab.Client.GetListingAsync(lab.ProviderAddress);
        using GrpcChannel channel = lab.Client.OpenChannel(listing, ProviderTopology.FloodAddress);
        var client = new SessionService.SessionServiceClient(channel);
        OpenSessionRequest[] requests = [.. Enumerable.Range(0, FloodSize).Select(_ => NewRequest(flooder))];

        OpenRejectionReason[] reasons = await Task.WhenAll(requests.Select(r => Refusal.ReasonAsync(
            async () => await client.OpenSessionAsync(r, deadline: lab.Time.GetUtcNow().UtcDateTime + TestClient.CallTimeout))));

        int limited = reasons.Count(r => r == OpenRejectionReason.RateLimited);
        int judged = reasons.Count(r => r == OpenRejectionReason.Unfunded);
        Assert.Equal(FloodSize, limited + judged);
        // The burst, plus what the refill (2 per second) can add while the flood lasts.
        Assert.InRange(judged, 1, ProviderLab.OpenBurst + 5);
        Assert.True(limited >= FloodSize - ProviderLab.OpenBurst - 5, $"only {limited} of {FloodSize} calls were rate limited");

        // Another address of the same machine is not affected.
        using ClientAccount bystander = await lab.NewFundedAccountAsync();
        await using ClientSession session = await lab.Client.OpenSessionAsync(bystander, lab.ProviderAddress, ProviderTopology.BystanderAddress);
        Assert.NotEmpty(session.Response.Addresses);
        await lab.Client.CloseAsync(listing, SessionClose.Sign(session.SessionId.Span, lab.Time.GetUtcNow(), bystander.Signer), ProviderTopology.BystanderAddress);
        Assert.False((await lab.EnsureProviderAsync()).HasExited, lab.ProviderOutput);
    }

    private OpenSessionRequest NewRequest(ClientAccount account)
    {
        using PrivateKey key = PrivateKey.Generate();
        return lab.Client.CreateRequest(account, lab.ProviderAddress, key.PublicKey).Sign(account.Signer);
    }

    private async Task<Socket> ConnectAsync()
    {
        Socket socket = lab.Topology.Client.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(ProviderTopology.ClientAddress, 0));
        await socket.ConnectAsync(new IPEndPoint(ProviderTopology.ProviderAddress, ProviderSite.PublicPort));
        return socket;
    }

    private static async Task SendAllAsync(Socket socket, byte[] bytes)
    {
        try
        {
            for (int sent = 0; sent < bytes.Length;)
            {
                sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // The provider may reset the connection before it has read everything: that is a close too.
        }
    }

    /// <summary>The provider ends the connection by itself (end of stream or reset) within the deadline.</summary>
    private static async Task AssertClosedByPeerAsync(Stream stream)
    {
        using var deadline = new CancellationTokenSource(CloseTimeout);
        byte[] buffer = new byte[4096];
        try
        {
            while (await stream.ReadAsync(buffer, deadline.Token) > 0)
            {
                // An error frame or alert may come first; the end of the stream is what counts.
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Assert.Fail($"The provider kept a garbage connection open for {CloseTimeout}.");
        }
        catch (IOException)
        {
            // Reset, or a TLS alert: closed either way.
        }
    }

    private async Task AssertStillServesAsync()
    {
        Assert.False((await lab.EnsureProviderAsync()).HasExited, lab.ProviderOutput);
        using ClientAccount account = await lab.NewFundedAccountAsync();
        await using ClientSession session = await lab.Client.OpenSessionAsync(account, lab.ProviderAddress);
        Assert.NotEmpty(session.Response.Addresses);
        try
        {
            await session.CloseAsync();
        }
        catch (RpcException e)
        {
            Assert.Fail($"CloseSession failed after the garbage: {e.Status}");
        }
    }
}
