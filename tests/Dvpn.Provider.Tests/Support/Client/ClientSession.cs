using System.Net;
using System.Runtime.Versioning;
using Dvpn.Chain.Providers;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.WireGuard;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.Provider.Tests.Support.Client;

/// <summary>
/// An open session: what the provider answered, the session's WireGuard key, and once
/// <see cref="ConnectTunnelAsync"/> ran, a wireguard-go peer in the client namespace with the session's address and
/// routes to the internet host and the payment endpoint through the tunnel.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ClientSession : IAsyncDisposable
{
    private readonly PrivateKey _wireGuardKey;
    private UapiWireGuardDevice? _device;

    public ClientSession(TestClient client, ClientAccount account, ProviderListing listing, PrivateKey wireGuardKey,
        OpenSessionResponse response)
    {
        Client = client;
        Account = account;
        Listing = listing;
        _wireGuardKey = wireGuardKey;
        Response = response;
        Terms = SessionTerms.Read(response.Terms);
    }

    public TestClient Client { get; }

    public ClientAccount Account { get; }

    public ProviderListing Listing { get; }

    public OpenSessionResponse Response { get; }

    public SessionTerms Terms { get; }

    public ReadOnlyMemory<byte> SessionId => Response.SessionId.Memory;

    /// <summary>The client's tunnel address (the first IPv4 one the provider gave).</summary>
    public InterfaceAddress TunnelAddress => InterfaceAddress.Parse(Response.Addresses.First(a => !a.Contains(':', StringComparison.Ordinal)));

    /// <summary>The provider's address inside the tunnel: the payment endpoint's host.</summary>
    public IPAddress Gateway => IPAddress.Parse(new Uri(Response.PaymentEndpoint).Host);

    /// <summary>The client's WireGuard interface, once the tunnel is up.</summary>
    public string? InterfaceName => _device?.Name;

    /// <summary>Brings the tunnel up in the client namespace and waits until the provider answers a ping through it.</summary>
    public async Task ConnectTunnelAsync(CancellationToken cancellationToken = default)
    {
        if (_device is not null)
        {
            throw new InvalidOperationException("The tunnel is already up.");
        }

        var backend = new UapiWireGuardBackend(new UapiBackendOptions { LaunchPrefix = Client.Host.ExecPrefix });
        _device = await backend.CreateDeviceAsync(Client.Lab.NewInterfaceName("cwg"), cancellationToken);
        var providerKey = new PublicKey(Response.WireguardPublicKey.Span);
        await _device.ApplyAsync(
            new InterfaceConfig
            {
                PrivateKey = _wireGuardKey,
                ListenPort = 0,
                ReplacePeers = true,
                Peers =
                [
                    new PeerConfig
                    {
                        PublicKey = providerKey,
                        Endpoint = IPEndPoint.Parse(Response.WireguardEndpoint),
                        AllowedIPs = [.. Response.AllowedIps.Select(IPNetwork.Parse)],
                        PersistentKeepalive = (ushort)Response.PersistentKeepalive,
                    },
                ],
            },
            cancellationToken);
        InterfaceAddress address = TunnelAddress;
        await Client.Host.AddAddressAsync(_device.Name, address, cancellationToken);
        await _device.SetUpAsync(true, cancellationToken);
        // Only what the test sends through the tunnel goes there; the wan stays the way to the public endpoint.
        await Client.Host.IpAsync(["route", "replace", ProviderTopology.InternetNetwork.ToString(), "dev", _device.Name], cancellationToken);
        await Client.Host.IpAsync(["route", "replace", $"{Gateway}/32", "dev", _device.Name], cancellationToken);

        if (!await Client.Host.PingAsync(Gateway, TimeSpan.FromSeconds(15), cancellationToken: cancellationToken))
        {
            throw new InvalidOperationException($"The provider's tunnel address {Gateway} does not answer through the new tunnel {_device.Name}.");
        }
    }

    /// <summary>Opens the payment stream inside the tunnel.</summary>
    public Task<PaymentStream> StartPaymentAsync(PaymentPolicy policy, CancellationToken cancellationToken = default) =>
        PaymentStream.OpenAsync(this, policy, Client.Time, cancellationToken);

    /// <summary>The client's own count of tunnel bytes (received + sent at its WireGuard peer).</summary>
    public async Task<ulong> OwnBytesAsync(CancellationToken cancellationToken = default)
    {
        UapiWireGuardDevice device = _device ?? throw new InvalidOperationException("The tunnel is not up.");
        DeviceState state = await device.GetStateAsync(cancellationToken);
        PeerState peer = Assert.Single(state.Peers);
        return peer.ReceivedBytes + peer.TransmittedBytes;
    }

    /// <summary>Sends a signed CloseSession and returns the provider's final invoice.</summary>
    public async Task<CloseSessionResponse> CloseAsync(CancellationToken cancellationToken = default)
    {
        CloseSessionRequest request = SessionClose.Sign(SessionId.Span, Client.Time.GetUtcNow(), Account.Signer);
        return await Client.CloseAsync(Listing, request, cancellationToken: cancellationToken);
    }

    /// <summary>Takes the tunnel down (stops wireguard-go, which removes the interface and its routes).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_device is not null)
            {
                await _device.DisposeAsync();
            }
        }
        finally
        {
            _wireGuardKey.Dispose();
        }
    }

    public override string ToString() => $"session {Convert.ToHexString(SessionId.Span)} of {Account}";
}
