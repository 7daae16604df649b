using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Leak;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>
/// The leak lab for the leak tests: its own anvil and namespaces (not the daemon lab's), three providers behind the
/// router, the uplink capture and the traffic generator, both running for the whole collection. Each test starts
/// its own dvpnd with a fresh account. Fails loudly without root, nft, tcpdump, wireguard-go or anvil.
/// </summary>
public sealed class LeakLabFixture : IAsyncLifetime
{
    public const string CollectionName = "leak-lab";

    /// <summary>The providers' region; every daemon here selects in it.</summary>
    public const string Region = "leak";

    /// <summary>The region of the one provider that grants IPv6 tunnel addresses.</summary>
    public const string IPv6Region = "leak6";

    private const int ProviderCount = 3;

    private LeakLab? _lab;
    private UplinkCapture? _capture;
    private TrafficGenerator? _traffic;

    public LeakLab Lab => _lab ?? throw new InvalidOperationException("The leak lab is not set up.");

    public UplinkCapture Capture => _capture ?? throw new InvalidOperationException("The capture is not started.");

    public TrafficGenerator Traffic => _traffic ?? throw new InvalidOperationException("The traffic generator is not started.");

    /// <summary>The providers in <see cref="Region"/> (IPv4 tunnels only).</summary>
    public IReadOnlyList<LabProvider> Providers { get; private set; } = [];

    /// <summary>The provider in <see cref="IPv6Region"/>, which grants IPv6 tunnel addresses too.</summary>
    public LabProvider IPv6Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _lab = await LeakLab.CreateAsync();
        // Their chain transactions go one at a time (the lab's bank gate); the rest of their start overlaps. The IPv6
        // provider is in a region of its own, so that only the test that asks for it connects to it.
        Task<LabProvider> ipv6 = _lab.StartProviderAsync(IPv6Region, ipv6: true);
        Providers = await Task.WhenAll(Enumerable.Range(0, ProviderCount).Select(_ => _lab.StartProviderAsync(Region)));
        IPv6Provider = await ipv6;
        _capture = await _lab.StartCaptureAsync();
        _traffic = _lab.StartTraffic();
    }

    /// <summary>
    /// Puts the client host back as a fresh machine before a test: no process left in it (an earlier test's daemon
    /// or wireguard-go), no kill switch table, the original resolv.conf.
    /// </summary>
    public async Task ResetClientAsync()
    {
        await Lab.Client.KillAllProcessesAsync();
        await Lab.Client.RunWithInputAsync(["nft", "-f", "-"], $"table inet {LeakDaemon.KillSwitchTable}\ndelete table inet {LeakDaemon.KillSwitchTable}\n");
        await File.WriteAllTextAsync(Lab.ResolvConfPath, $"nameserver {LeakLab.IspResolver}\n");
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }
}

[CollectionDefinition(LeakLabFixture.CollectionName)]
public sealed class LeakLabCollection : ICollectionFixture<LeakLabFixture>
{
}
