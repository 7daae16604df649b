using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.Chain;
using Dvpn.Chain.Providers;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Security;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Devnet.Chain;
using Dvpn.Devnet.Namespaces;
using Dvpn.WireGuard;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>
/// The test's dVPN client in the client namespace: looks providers up in the Directory, opens sessions over gRPC
/// with TLS pinned to the listed fingerprint, and hands out <see cref="ClientSession"/>s. Tests of hostile input
/// build and send requests themselves through <see cref="CreateRequest"/> and <see cref="SendOpenAsync"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TestClient
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryClient _directory;

    public TestClient(NetworkLab lab, NetworkHost host, ChainConnection chain, DeployedContracts contracts, TimeProvider time)
    {
        Lab = lab;
        Host = host;
        Contracts = contracts;
        Time = time;
        _directory = new DirectoryClient(chain, contracts.Directory);
        Domain = new TicketDomain(DevnetChain.ChainId, EthAddress.Parse(contracts.Lottery));
    }

    public NetworkLab Lab { get; }

    public NetworkHost Host { get; }

    public DeployedContracts Contracts { get; }

    public TimeProvider Time { get; }

    public TicketDomain Domain { get; }

    /// <summary>The provider's Directory listing; fails when it is not registered.</summary>
    public async Task<ProviderListing> GetListingAsync(EthAddress provider, CancellationToken cancellationToken = default) =>
        await _directory.GetProviderAsync(provider.ToString(), cancellationToken)
        ?? throw new InvalidOperationException($"Provider {provider} is not in the Directory.");

    /// <summary>An OpenSession request for <paramref name="wireGuardKey"/>, timestamped now unless told otherwise.</summary>
    public SessionRequest CreateRequest(ClientAccount account, EthAddress provider, PublicKey wireGuardKey, DateTimeOffset? timestamp = null) =>
        new(
            DevnetChain.ChainId,
            EthAddress.Parse(Contracts.Lottery),
            provider,
            wireGuardKey.ToArray(),
            account.Funder,
            account.SignerAddress,
            ClientAccount.Token,
            DateTimeOffset.FromUnixTimeSeconds((timestamp ?? Time.GetUtcNow()).ToUnixTimeSeconds()),
            RandomNumberGenerator.GetBytes(Protocol.ProtocolConstants.RequestNonceSize),
            WantIpv6: false);

    /// <summary>A channel to the provider's public endpoint from <paramref name="source"/> (default: the client's
    /// usual address), accepting only the certificate whose fingerprint the Directory lists.</summary>
    public GrpcChannel OpenChannel(ProviderListing listing, IPAddress? source = null)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return NamespaceHttp.CreateChannel(listing.Endpoint, Host, source ?? ProviderTopology.ClientAddress,
            CertificatePin.CreateValidator(listing.TlsFingerprint.AsMemory()));
    }

    /// <summary>Sends one OpenSession; a refusal surfaces as the provider's <see cref="RpcException"/>.</summary>
    public async Task<OpenSessionResponse> SendOpenAsync(ProviderListing listing, OpenSessionRequest request, IPAddress? source = null,
        CancellationToken cancellationToken = default)
    {
        using GrpcChannel channel = OpenChannel(listing, source);
        var client = new SessionService.SessionServiceClient(channel);
        return await client.OpenSessionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
    }

    /// <summary>Sends one CloseSession.</summary>
    public async Task<CloseSessionResponse> CloseAsync(ProviderListing listing, CloseSessionRequest request, IPAddress? source = null,
        CancellationToken cancellationToken = default)
    {
        using GrpcChannel channel = OpenChannel(listing, source);
        var client = new SessionService.SessionServiceClient(channel);
        return await client.CloseSessionAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
    }

    /// <summary>Opens a session the honest way (tunnel not yet up: see <see cref="ClientSession.ConnectTunnelAsync"/>).</summary>
    public async Task<ClientSession> OpenSessionAsync(ClientAccount account, EthAddress provider, IPAddress? source = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ProviderListing listing = await GetListingAsync(provider, cancellationToken);
        PrivateKey key = PrivateKey.Generate();
        try
        {
            OpenSessionRequest request = CreateRequest(account, provider, key.PublicKey).Sign(account.Signer);
            OpenSessionResponse response = await SendOpenAsync(listing, request, source, cancellationToken);
            return new ClientSession(this, account, listing, key, response);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Opens a session and brings its tunnel up.</summary>
    public async Task<ClientSession> ConnectAsync(ClientAccount account, EthAddress provider, CancellationToken cancellationToken = default)
    {
        ClientSession session = await OpenSessionAsync(account, provider, cancellationToken: cancellationToken);
        try
        {
            await session.ConnectTunnelAsync(cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private DateTime Deadline() => Time.GetUtcNow().UtcDateTime + CallTimeout;
}
