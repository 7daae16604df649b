using System.Runtime.Versioning;
using Dvpn.Client.Events;
using Dvpn.Client.State;
using Dvpn.Client.Tests.Support;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Xunit.Abstractions;

namespace Dvpn.Client.Tests.EndToEnd;

/// <summary>A provider that dies mid-session is left for another one, and traffic flows again.</summary>
[Collection(ClientLabFixture.CollectionName)]
[SupportedOSPlatform("linux")]
public sealed class FailoverTests(ClientLabFixture fixture, ITestOutputHelper output)
{
    private const string Region = "e2e-failover";
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);

    private ClientLab Lab => fixture.Lab;

    [Fact]
    public async Task ConnectedProvider_KilledBySigkill_ClientFailsOverToAnother_AndTrafficResumes()
    {
        IReadOnlyList<LabProvider> providers = await Lab.StartProvidersAsync(2, new LabProviderSpec { Region = Region });
        await using LabClient lab = await LabClient.StartAsync(Lab, output, Region);
        DvpnClient client = lab.Client;

        Connected first = await client.ConnectAsync().WaitAsync(ConnectTimeout);
        await Lab.WaitForInternetAsync(ConnectTimeout);
        LabProvider victim = providers.Single(p => Same(p, first.Provider.Address));
        LabProvider survivor = providers.Single(p => p != victim);
        long before = lab.Events.Events[^1].Sequence;

        await victim.KillAsync();

        ProviderFailed failed = await lab.Events.WaitForAsync<ProviderFailed>(e => Same(victim, e.Provider), FailoverTimeout, before);
        (Connected second, _) = await lab.Events.WaitForStateAsync<Connected>(FailoverTimeout, after: failed.Sequence);
        Assert.True(Same(survivor, second.Provider.Address), $"failed over to {second.Provider.Address}, not {survivor}");
        Assert.NotEqual(first.Session.SessionId, second.Session.SessionId);
        Assert.Equal(TargetState.Secured, client.Target);

        await Lab.WaitForInternetAsync(FailoverTimeout);
        TcpTransferResult transfer = await Lab.TransferToInternetAsync(2 * 1024 * 1024, TransferTimeout);
        Assert.True(transfer.Intact, $"{transfer}");
        Assert.Contains(client.GetHistory(), r => r.SessionId == first.Session.SessionId && r.Ended is not null);
    }

    private static bool Same(LabProvider provider, string? address) =>
        string.Equals(provider.Address.ToString(), address, StringComparison.OrdinalIgnoreCase);
}
