using System.Net;
using Dvpn.Provider.DataPlane;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Provider.Tests.DataPlane;

/// <summary>
/// Traffic through a real <see cref="ProviderTunnel"/> (wireguard-go, nftables, forwarding) between real network
/// namespaces: see <see cref="DataPlaneLab"/>. Needs root; fails (never skips) without it.
/// </summary>
public sealed class ProviderTunnelTrafficTests
{
    [Fact]
    public async Task Client_ReachesTheInternet_AndTheServerSeesTheProvidersUpstreamAddress()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();

        IPAddress? seen = await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout);

        Assert.Equal(DataPlaneLab.ProviderUpstream, seen); // masqueraded: not the client's 10.77.0.x
    }

    [Fact]
    public async Task Client_ReachesTheInternetOverIPv6_AndTheServerSeesTheProvidersUpstreamAddress()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync(wantIpv6: true);

        IPAddress? seen = await SourceAddressServer.TryQueryAsync(client.Host, new IPEndPoint(DataPlaneLab.InternetServer6, DataPlaneLab.ServerPort),
            DataPlaneLab.ReachableTimeout);

        Assert.NotNull(client.Addresses.IPv6);
        Assert.Equal(DataPlaneLab.ProviderUpstream6, seen);
    }

    [Fact]
    public async Task Client_CannotReachAPrivateAddressBehindTheProvider_WhenBlocked()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));

        // Same link, same server, same route out of the provider: only the destination range differs.
        IPAddress? seen = await SourceAddressServer.TryQueryAsync(client.Host, new IPEndPoint(DataPlaneLab.PrivateServer, DataPlaneLab.ServerPort),
            DataPlaneLab.BlockedTimeout);

        Assert.Null(seen);
    }

    [Fact]
    public async Task Client_ReachesAPrivateAddressBehindTheProvider_WhenNotBlocked()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        lab.Options.BlockPrivateDestinations = false;
        lab.Options.IPv6Pool = null;
        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync(wantIpv6: false);

        IPAddress? seen = await SourceAddressServer.TryQueryAsync(client.Host, new IPEndPoint(DataPlaneLab.PrivateServer, DataPlaneLab.ServerPort),
            DataPlaneLab.ReachableTimeout);

        Assert.Null(client.Addresses.IPv6);
        Assert.Equal(DataPlaneLab.ProviderPrivateUpstream, seen);
    }

    [Fact]
    public async Task Client_CannotReachAnotherClient()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        await lab.StartTunnelAsync();
        LabClient a = await lab.AddClientAsync();
        LabClient b = await lab.AddClientAsync();
        lab.StartClientServer(b, DataPlaneLab.ServerPort);
        // Both tunnels work: each reaches the internet.
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(a.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(b.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));

        IPAddress? viaIPv4 = await SourceAddressServer.TryQueryAsync(a.Host, new IPEndPoint(b.Addresses.IPv4, DataPlaneLab.ServerPort),
            DataPlaneLab.BlockedTimeout);
        IPAddress? viaIPv6 = await SourceAddressServer.TryQueryAsync(a.Host, new IPEndPoint(b.Addresses.IPv6!, DataPlaneLab.ServerPort),
            DataPlaneLab.BlockedTimeout);

        Assert.Null(viaIPv4);
        Assert.Null(viaIPv6);
    }

    [Fact]
    public async Task Client_ReachesOnlyThePaymentPortOnTheGateway()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        await lab.StartTunnelAsync();
        IPAddress gateway = lab.Pool!.GatewayIPv4;
        lab.StartProviderServer(gateway, lab.Options.PaymentPort);
        lab.StartProviderServer(gateway, lab.Options.PaymentPort + 1);
        LabClient client = await lab.AddClientAsync();

        IPAddress? payment = await SourceAddressServer.TryQueryAsync(client.Host, new IPEndPoint(gateway, lab.Options.PaymentPort),
            DataPlaneLab.ReachableTimeout);
        IPAddress? other = await SourceAddressServer.TryQueryAsync(client.Host, new IPEndPoint(gateway, lab.Options.PaymentPort + 1),
            DataPlaneLab.BlockedTimeout);

        Assert.Equal(client.Addresses.IPv4, payment); // the payment endpoint sees the session's tunnel address
        Assert.Null(other);
    }

    [Fact]
    public async Task NoUpstreamInterface_ForwardsWithoutNat_AndStillIsolatesClients()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync();
        lab.Options.UpstreamInterface = null;
        lab.Options.BlockPrivateDestinations = false; // the pool is private: only the client-to-client rule may stop it
        await lab.StartTunnelAsync();
        LabClient a = await lab.AddClientAsync();
        LabClient b = await lab.AddClientAsync();
        lab.StartClientServer(b, DataPlaneLab.ServerPort);

        IPAddress? internet = await SourceAddressServer.TryQueryAsync(a.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout);
        IPAddress? otherClient = await SourceAddressServer.TryQueryAsync(a.Host, new IPEndPoint(b.Addresses.IPv4, DataPlaneLab.ServerPort),
            DataPlaneLab.BlockedTimeout);

        Assert.Equal(a.Addresses.IPv4, internet); // routed, not masqueraded
        Assert.Null(otherClient);
    }

    [Fact]
    public async Task Internet_CannotOpenAConnectionToAClient()
    {
        await using DataPlaneLab lab = await DataPlaneLab.CreateAsync(); // the internet side has a route to the pool
        await lab.StartTunnelAsync();
        LabClient client = await lab.AddClientAsync();
        lab.StartClientServer(client, DataPlaneLab.ServerPort);
        Assert.NotNull(await SourceAddressServer.TryQueryAsync(client.Host, DataPlaneLab.Internet4, DataPlaneLab.ReachableTimeout));

        IPAddress? seen = await SourceAddressServer.TryQueryAsync(lab.Internet, new IPEndPoint(client.Addresses.IPv4, DataPlaneLab.ServerPort),
            DataPlaneLab.BlockedTimeout);

        Assert.Null(seen);
    }
}
