using Dvpn.Control;
using Dvpn.Daemon.Tests.Support;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Leak;
using Dvpn.Devnet.Namespaces;
using Grpc.Net.Client;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>A dvpnd inside the leak lab's client host, with a channel to its API and waits on its state.</summary>
internal sealed class LeakDaemon : IAsyncDisposable
{
    /// <summary>The nftables table of the client's kill switch (in the client host's namespace).</summary>
    public const string KillSwitchTable = "dvpn_killswitch";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private LeakDaemon(DaemonProcess process)
    {
        Process = process;
        Channel = ControlChannel.ForUnixSocket(process.SocketPath);
        Control = new ControlClients(Channel);
    }

    public DaemonProcess Process { get; }

    public GrpcChannel Channel { get; }

    public ControlClients Control { get; }

    /// <summary>Launches dvpnd in the client host and waits until its API answers.</summary>
    public static async Task<LeakDaemon> StartAsync(LeakLab lab, DaemonSettings settings)
    {
        DaemonProcess process = lab.LaunchDaemon(settings);
        await DaemonLabFixture.WaitServingAsync(process, DaemonProcess.DefaultReadyTimeout);
        return new LeakDaemon(process);
    }

    public async Task<V1.GetTunnelStateResponse> GetStateAsync() =>
        await Control.Tunnel.GetTunnelStateAsync(new V1.GetTunnelStateRequest(), deadline: Deadline.In(TimeSpan.FromSeconds(10)));

    /// <summary>Polls the tunnel state until <paramref name="match"/> holds; fails with the last state and the daemon's output.</summary>
    public async Task<V1.TunnelState> WaitForStateAsync(Func<V1.TunnelState, bool> match, TimeSpan timeout, string what)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        V1.TunnelState? last = null;
        while (Environment.TickCount64 < deadline)
        {
            if (Process.HasExited)
            {
                break;
            }

            last = (await GetStateAsync()).State;
            if (match(last))
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"dvpnd did not reach {what} within {timeout}; last state {last}. Output (tail):\n{Tail(Process.Output)}");
    }

    public Task<V1.TunnelState> WaitForConnectedAsync(TimeSpan timeout, string? notProvider = null) =>
        WaitForStateAsync(
            s => s.StateCase == V1.TunnelState.StateOneofCase.Connected
                && (notProvider is null || !string.Equals(s.Connected.Provider.Address, notProvider, StringComparison.OrdinalIgnoreCase)),
            timeout, notProvider is null ? "Connected" : $"Connected to another provider than {notProvider}");

    /// <summary>Whether the kill switch table exists in <paramref name="host"/>'s namespace.</summary>
    public static async Task<bool> KillSwitchInstalledAsync(NetworkHost host)
    {
        CommandResult tables = (await host.RunAsync(["nft", "list", "tables"])).EnsureSuccess();
        return tables.StandardOutput.Contains(KillSwitchTable, StringComparison.Ordinal);
    }

    /// <summary>Polls until the table's presence is <paramref name="installed"/>; false at the deadline.</summary>
    public static async Task<bool> WaitForKillSwitchAsync(NetworkHost host, bool installed, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            if (await KillSwitchInstalledAsync(host) == installed)
            {
                return true;
            }

            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval);
        }
    }

    public static string Tail(string output, int lines = 60) => string.Join('\n', output.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Process.DisposeAsync();
    }
}
