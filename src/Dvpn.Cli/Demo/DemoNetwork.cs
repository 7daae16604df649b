using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Client.Options;
using Dvpn.Control;
using Dvpn.Control.V1;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Lab;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Cli.Demo;

/// <summary>
/// Everything the demo runs, built the way the end-to-end tests build it (<see cref="ClientLab"/>): anvil with the
/// contracts, the namespaces, the providers (real dvpn-provider processes, one site namespace each), a funded client
/// account, and the real dvpnd driving the tunnel in the lab's client namespace. Disposing tears all of it down in
/// reverse order, whatever was built so far; <see cref="ClientLab"/> removes leftovers of a killed run on the next start.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DemoNetwork : IAsyncDisposable
{
    /// <summary>
    /// The providers. Prices are high because devnet ether is free and a ticket's face value is set by claim gas, not
    /// by traffic: at these prices the demo's hundred MiB are worth a handful of winning tickets per provider, so the
    /// claims have something to pay. (At 0.01 ETH/GiB the same traffic would usually win nothing.)
    /// </summary>
    public static readonly IReadOnlyList<DemoProviderPlan> Plans =
    [
        new("frankfurt", "eu-de", 5 * ClientLab.Ether / 10),
        new("amsterdam", "eu-nl", 6 * ClientLab.Ether / 10),
        new("virginia", "us-east", 8 * ClientLab.Ether / 10),
    ];

    /// <summary>
    /// The providers' settings on top of the lab's. Claims: look at the queue every 2 s and treat every winner as due
    /// (its 2 h expiry is inside a 1 day margin), so claims land seconds after a ticket wins instead of waiting for a
    /// full batch. Credit: 8 MiB of unpaid use instead of 2, because on a busy two-core machine the client's payment
    /// loop can fall a few hundred milliseconds behind a 130 Mbit/s flow, and 2 MiB is 130 ms of it.
    /// </summary>
    private static readonly Dictionary<string, string> ProviderSettings = new()
    {
        ["Claims:Interval"] = "00:00:02",
        ["Claims:ExpiryMargin"] = "1.00:00:00",
        ["Payment:CreditLimitBytes"] = (8 * Units.MiB).ToString(CultureInfo.InvariantCulture),
    };

    private static readonly TimeSpan DaemonReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(100);
    private static readonly BigInteger ClientBalance = 10 * ClientLab.Ether;
    private static readonly BigInteger ClientEscrow = ClientLab.Ether;

    private readonly TextWriter _out;
    private ClientLab? _lab;
    private LabClientAccount? _account;
    private DaemonProcess? _daemon;
    private GrpcChannel? _channel;
    private string? _daemonDirectory;

    public DemoNetwork(TextWriter output) => _out = output;

    public ClientLab Lab => _lab ?? throw new InvalidOperationException("The lab is not up.");

    public IReadOnlyList<DemoProvider> Providers { get; private set; } = [];

    public LabClientAccount Account => _account ?? throw new InvalidOperationException("The client account is not funded.");

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("dvpnd is not running.");

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("dvpnd is not running.");

    /// <summary>The provider with this address, or null (e.g. an address from another run).</summary>
    public DemoProvider? Find(string? address) => Providers.FirstOrDefault(p => p.Is(address));

    /// <summary>A provider's name, or its short address when it is not one of ours.</summary>
    public string NameOf(string? address) => Find(address)?.Name ?? Units.Short(address ?? "?");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _lab = await ClientLab.CreateAsync(cancellationToken);
        _out.WriteLine($"chain      anvil at {Lab.Chain.RpcUrl} (chain id {Devnet.Chain.DevnetChain.ChainId}), contracts deployed in {Units.Seconds(clock.Elapsed)}");
        _out.WriteLine($"           Lottery   {Lab.Chain.Contracts.Lottery}");
        _out.WriteLine($"           Directory {Lab.Chain.Contracts.Directory}");
        _out.WriteLine($"network    client namespace {Lab.Client.Namespace} ({ClientLab.ClientAddress}); \"internet\" host {ClientLab.InternetService}, reachable only through a provider");

        // One after another, not side by side: each registers in the Directory with a gas estimate taken against
        // the state before the others' registrations, and two in one block can run out of gas (reported to the lead).
        clock.Restart();
        var providers = new List<DemoProvider>(Plans.Count);
        foreach (DemoProviderPlan plan in Plans)
        {
            LabProvider started = await Lab.StartProviderAsync(new LabProviderSpec
            {
                Region = plan.Region,
                PricePerGiB = plan.PricePerGiB,
                Settings = ProviderSettings,
            }, cancellationToken);
            providers.Add(new DemoProvider(plan.Name, started));
            Providers = [.. providers];
            _out.WriteLine($"provider   {plan.Name,-10} {plan.Region,-8} {Units.Eth(plan.PricePerGiB, 2)}/GiB  {started.Address}  wan {started.Site.WanAddress}  " +
                $"pid {started.Process.Process.Id}  ready in {Units.Seconds(clock.Elapsed)}");
            clock.Restart();
        }

        _out.WriteLine("           (prices are high on purpose: a ticket's face value is set by claim gas, so ~100 MiB must be worth a few of them)");
        _account = await Lab.CreateClientAccountAsync(ClientBalance, ClientEscrow, cancellationToken);
        _out.WriteLine($"wallet     funder {Account.Funder} funded lottery account of signer {Account.Signer}: balance {Units.Eth(ClientBalance, 2)}, escrow {Units.Eth(ClientEscrow, 2)}");

        clock.Restart();
        DvpnClientOptions options = Account.CreateOptions([.. Plans.Select(p => p.Region)]);
        _daemonDirectory = Path.Combine(Path.GetTempPath(), "dvpn-demo-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        DaemonSettings settings = DaemonSettings.Create(_daemonDirectory, options);
        Directory.CreateDirectory(Path.GetDirectoryName(settings.SocketPath)!);
        // root is always there; the default operator group (dvpn) may not exist on a fresh machine.
        settings.Set("Daemon:OperatorGroup", "root");
        _daemon = DaemonProcess.Launch(Lab.Network, settings);
        _channel = ControlChannel.ForUnixSocket(settings.SocketPath);
        string readiness = await WaitForDaemonAsync(cancellationToken);
        _out.WriteLine($"dvpnd      pid {Daemon.Process.Id}, control API on {settings.SocketPath}, ready ({readiness}) in {Units.Seconds(clock.Elapsed)}");
    }

    /// <summary>
    /// Ready is READY=1 on the notify socket, as systemd sees it; a dvpnd that does not send it when run outside
    /// systemd is ready once its control API answers.
    /// </summary>
    private async Task<string> WaitForDaemonAsync(CancellationToken cancellationToken)
    {
        var tunnel = new TunnelService.TunnelServiceClient(Channel);
        long deadline = Environment.TickCount64 + (long)DaemonReadyTimeout.TotalMilliseconds;
        while (true)
        {
            if (Daemon.SentReady)
            {
                return "READY=1";
            }

            if (Daemon.HasExited)
            {
                throw new DemoException($"dvpnd exited with {Daemon.Process.ExitCode} before it was ready. Output:\n{Daemon.Output}");
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new DemoException($"dvpnd was not ready within {DaemonReadyTimeout}. Output:\n{Daemon.Output}");
            }

            if (File.Exists(Daemon.SocketPath))
            {
                try
                {
                    await tunnel.GetTunnelStateAsync(new GetTunnelStateRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2),
                        cancellationToken: cancellationToken);
                    return Daemon.SentReady ? "READY=1" : "its control API answers";
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                }
            }

            await Task.Delay(ReadyPoll, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        try
        {
            if (_daemon is not null)
            {
                await _daemon.DisposeAsync(); // SIGTERM: dvpnd closes its session and removes its interface
            }
        }
        finally
        {
            try
            {
                if (_lab is not null)
                {
                    await _lab.DisposeAsync(); // providers, then the namespaces (and anything left in them), then anvil
                }
            }
            finally
            {
                _account?.Dispose();
                if (_daemonDirectory is not null)
                {
                    try
                    {
                        Directory.Delete(_daemonDirectory, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
    }
}
