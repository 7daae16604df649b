using System.Security.Cryptography;
using Dvpn.Client.Options;
using Dvpn.Control;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Lab;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>
/// One client lab for the whole project (anvil with the contracts, the namespaces, two real providers in
/// <see cref="Region"/>), a temporary operator group, and one shared dvpnd on a real Unix socket with an account whose
/// funder key it holds. Tests that must kill, restart or reconfigure a daemon start their own with
/// <c>StartDaemonAsync</c>. The lab has one client namespace, so one daemon at a time may be connected: every
/// test leaves the daemons it connected disconnected. Without root, nft, wireguard-go, anvil or groupadd every test
/// fails, loudly.
/// </summary>
public sealed class DaemonLabFixture : IAsyncLifetime
{
    public const string CollectionName = "daemon-lab";

    /// <summary>The providers' region: every daemon's selection is limited to it.</summary>
    public const string Region = "dmn";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<IDisposable> _accounts = [];
    private ClientLab? _lab;
    private DaemonProcess? _daemon;
    private DaemonAccount? _account;
    private GrpcChannel? _channel;

    public ClientLab Lab => _lab ?? throw new InvalidOperationException("The lab is not set up.");

    /// <summary>The shared daemon.</summary>
    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("The daemon is not started.");

    /// <summary>The shared daemon's account.</summary>
    internal DaemonAccount Account => _account ?? throw new InvalidOperationException("The daemon is not started.");

    /// <summary>A channel to the shared daemon, as root (Admin).</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("The daemon is not started.");

    internal ControlClients Control => new(Channel);

    public IReadOnlyList<LabProvider> Providers { get; private set; } = [];

    /// <summary>A group created for this run (groupadd), the shared daemon's Daemon:OperatorGroup.</summary>
    public OperatorGroup OperatorGroup { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _lab = await ClientLab.CreateAsync();
        OperatorGroup = await OperatorGroup.CreateAsync();
        Providers = await Lab.StartProvidersAsync(2, new LabProviderSpec { Region = Region });
        _account = await CreateAccountAsync();
        _daemon = await StartDaemonAsync(_account, s => s.Set("Daemon:OperatorGroup", OperatorGroup.Name));
        _channel = ControlChannel.ForUnixSocket(_daemon.SocketPath);
    }

    /// <summary>A fresh account holding 10 ether of balance and 1 of escrow (removed with the fixture).</summary>
    internal async Task<DaemonAccount> CreateAccountAsync()
    {
        DaemonAccount account = await DaemonAccount.CreateAsync(Lab, 10 * ClientLab.Ether, ClientLab.Ether);
        lock (_accounts)
        {
            _accounts.Add(account);
        }

        return account;
    }

    /// <summary>Settings for a daemon of <paramref name="account"/> in a directory of its own, selecting in <see cref="Region"/>.</summary>
    internal static DaemonSettings CreateSettings(DaemonAccount account, Action<DvpnClientOptions>? options = null)
    {
        DvpnClientOptions client = account.CreateOptions(Region);
        options?.Invoke(client);
        string directory = Path.Combine(Path.GetTempPath(), "dvpnd-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        DaemonSettings settings = DaemonSettings.Create(directory, client);
        settings.Set("Daemon:OperatorGroup", "root");
        return settings;
    }

    /// <summary>Starts a daemon (stopped with the fixture if the test does not); waits for READY=1.</summary>
    internal async Task<DaemonProcess> StartDaemonAsync(DaemonAccount account, Action<DaemonSettings>? configure = null)
    {
        DaemonSettings settings = CreateSettings(account);
        configure?.Invoke(settings);
        return await StartDaemonAsync(settings);
    }

    /// <summary>
    /// Starts a daemon with these settings (stopped with the fixture if the test does not) and waits until its API
    /// answers the health check. Not READY=1: dvpnd does not send it outside systemd yet, and that is
    /// tested on its own (<see cref="ReadinessTests"/>) rather than failing every test here.
    /// </summary>
    internal async Task<DaemonProcess> StartDaemonAsync(DaemonSettings settings)
    {
        DaemonProcess daemon = LaunchDaemon(settings);
        await WaitServingAsync(daemon, DaemonProcess.DefaultReadyTimeout);
        return daemon;
    }

    /// <summary>Waits until the daemon's health service answers; fails with its output if it exits first or times out.</summary>
    internal static async Task WaitServingAsync(DaemonProcess daemon, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        string last = "no answer yet";
        while (Environment.TickCount64 < deadline)
        {
            if (daemon.HasExited)
            {
                throw new InvalidOperationException($"dvpnd exited with {daemon.Process.ExitCode} before its API answered. Output:\n{daemon.Output}");
            }

            if (File.Exists(daemon.SocketPath))
            {
                using GrpcChannel channel = ControlChannel.ForUnixSocket(daemon.SocketPath);
                try
                {
                    HealthCheckResponse health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                        deadline: Deadline.In(TimeSpan.FromSeconds(5)));
                    // Any answer means the API serves; whether it says SERVING is HealthCheck_IsServing's business.
                    _ = health;
                    return;
                }
                catch (RpcException e)
                {
                    last = e.Status.ToString();
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"dvpnd's API did not answer within {timeout} ({last}). Output:\n{daemon.Output}");
    }

    /// <summary>Starts a daemon without waiting for it (stopped with the fixture if the test does not).</summary>
    internal DaemonProcess LaunchDaemon(DaemonSettings settings)
    {
        DaemonProcess daemon = DaemonProcess.Launch(Lab.Network, settings);
        lock (_owned)
        {
            _owned.Add(daemon);
        }

        return daemon;
    }

    /// <summary>
    /// Kills what a SIGKILLed daemon left in the client namespace (its wireguard-go), as systemd does for a crashed
    /// service's cgroup.
    /// </summary>
    public Task CleanUpAfterCrashAsync() => Lab.Client.KillAllProcessesAsync();

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        var failures = new List<Exception>();
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            owned = [.. _owned];
        }

        foreach (IAsyncDisposable resource in owned.Reverse())
        {
            try
            {
                await resource.DisposeAsync();
            }
#pragma warning disable CA1031 // teardown goes on; failures are reported together
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        foreach (IDisposable account in _accounts)
        {
            account.Dispose();
        }

        Unprivileged.DeleteHome();

        try
        {
            await OperatorGroup.DisposeAsync();
        }
        catch (Exception e)
        {
            failures.Add(e);
        }
#pragma warning restore CA1031

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }

        foreach (string directory in owned.OfType<DaemonProcess>().Select(d => Path.GetDirectoryName(Path.GetDirectoryName(d.SocketPath))!))
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The daemon lab did not tear down cleanly.", failures);
        }
    }
}

[CollectionDefinition(DaemonLabFixture.CollectionName)]
public sealed class DaemonLabCollection : ICollectionFixture<DaemonLabFixture>
{
}
