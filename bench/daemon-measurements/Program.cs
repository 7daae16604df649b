using System.Diagnostics;
using System.Globalization;
using Dvpn.Control;
using Dvpn.Control.V1;
using Dvpn.Devnet.Daemon;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Processes;
using Grpc.Health.V1;
using Grpc.Net.Client;

// Measures dvpnd, the real process, on the local devnet lab (anvil, dvpn-provider processes in namespaces):
//  1. start -> API ready: launch -> READY=1 (sd_notify) and launch -> first answered GetTunnelState, over N starts;
//     anchor in the same run: `dotnet dvpnctl.dll --version`, the .NET runtime's own start and exit.
//  2. unary RPC latency over the Unix socket, median and p99 of 1,000 GetTunnelState calls (authorization included);
//     anchor in the same run: 1,000 grpc.health.v1 Check calls on the same channel (the smallest gRPC call there is).
//  3. Connect RPC -> first byte through the tunnel (DESIGN §7: < 500 ms), median of N connects.
//  4. idle: RSS and CPU of the disconnected daemon after an idle window (default 10 minutes; its refresh loops run).
// Run as root after a Release build: dotnet run -c Release --project bench/daemon-measurements [-- idleMinutes starts connects]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

double idleMinutes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
int starts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
int connects = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
const int Calls = 1000;

await using ClientLab lab = await ClientLab.CreateAsync();
await lab.StartProvidersAsync(2, new LabProviderSpec { Region = "bench" });
using LabClientAccount account = await lab.CreateClientAccountAsync();
string directory = Path.Combine(account.Directory, "daemon");
DaemonSettings settings = DaemonSettings.Create(directory, account.CreateOptions("bench"));

// 1. Start -> ready.
var toReady = new List<double>();
var toAnswer = new List<double>();
var runtimeOnly = new List<double>();
string cli = BuiltAssembly.Locate("dvpnctl.dll", Path.Combine("src", "Dvpn.Cli"));
for (int i = 0; i < starts; i++)
{
    long launched = Stopwatch.GetTimestamp();
    await using (DaemonProcess daemon = DaemonProcess.Launch(lab.Network, settings))
    {
        Task ready = daemon.WaitReadyAsync(TimeSpan.FromSeconds(60)).ContinueWith(
            _ => toReady.Add(Stopwatch.GetElapsedTime(launched).TotalMilliseconds), TaskScheduler.Default);
        using GrpcChannel channel = ControlChannel.ForUnixSocket(settings.SocketPath);
        var tunnel = new TunnelService.TunnelServiceClient(channel);
        while (true)
        {
            try
            {
                await tunnel.GetTunnelStateAsync(new GetTunnelStateRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2));
                toAnswer.Add(Stopwatch.GetElapsedTime(launched).TotalMilliseconds);
                break;
            }
            catch (Grpc.Core.RpcException) when (Stopwatch.GetElapsedTime(launched) < TimeSpan.FromSeconds(60))
            {
                if (daemon.HasExited)
                {
                    throw new InvalidOperationException($"dvpnd exited with {daemon.Process.ExitCode} before it answered. Output:\n{daemon.Output}");
                }

                await Task.Delay(5);
            }
        }

        await ready;
        await daemon.StopAsync();
    }

    long anchor = Stopwatch.GetTimestamp();
    await using (var version = lab.Network.StartInRootNamespace(["dotnet", cli, "--version"]))
    {
        await version.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    runtimeOnly.Add(Stopwatch.GetElapsedTime(anchor).TotalMilliseconds);
}

Report($"start -> READY=1, {starts} starts", toReady);
Report("start -> first GetTunnelState answered", toAnswer);
Report("anchor: `dotnet dvpnctl.dll --version` start to exit", runtimeOnly);

await using (DaemonProcess daemon = await DaemonProcess.StartAsync(lab.Network, settings))
{
    using GrpcChannel channel = ControlChannel.ForUnixSocket(settings.SocketPath);
    var tunnel = new TunnelService.TunnelServiceClient(channel);
    var health = new Health.HealthClient(channel);

    // 2. Unary latency, the call and the anchor interleaved so both see the same machine.
    var state = new List<double>();
    var check = new List<double>();
    for (int i = 0; i < 100; i++)
    {
        await tunnel.GetTunnelStateAsync(new GetTunnelStateRequest());
        await health.CheckAsync(new HealthCheckRequest());
    }

    for (int i = 0; i < Calls; i++)
    {
        long t = Stopwatch.GetTimestamp();
        await tunnel.GetTunnelStateAsync(new GetTunnelStateRequest());
        state.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        t = Stopwatch.GetTimestamp();
        await health.CheckAsync(new HealthCheckRequest());
        check.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
    }

    Report($"GetTunnelState over the socket, {Calls} calls", state, "µs");
    Report($"anchor: grpc.health.v1 Check, {Calls} calls", check, "µs");

    // 3. Connect RPC -> first byte through the tunnel.
    var connectTimes = new List<double>();
    for (int i = 0; i < connects; i++)
    {
        long t = Stopwatch.GetTimestamp();
        await tunnel.ConnectAsync(new ConnectRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(60));
        if (!await lab.CanReachInternetAsync(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"connect {i + 1}: nothing reached the internet host through the tunnel");
        }

        connectTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        await tunnel.DisconnectAsync(new DisconnectRequest { Reason = "measurement" });
    }

    Report($"Connect RPC -> first byte through the tunnel, {connects} connects", connectTimes);

    // 4. Idle.
    int pid = daemon.Process.Id;
    (long rssStart, TimeSpan cpuStart) = Sample(pid);
    long idleStarted = Stopwatch.GetTimestamp();
    Console.WriteLine($"idle: disconnected, waiting {idleMinutes} min (RSS now {rssStart / 1024.0:0.0} MiB)");
    TimeSpan lastMinute = TimeSpan.FromMinutes(Math.Min(1, idleMinutes / 2));
    await Task.Delay(TimeSpan.FromMinutes(idleMinutes) - lastMinute);
    (_, TimeSpan cpuLate) = Sample(pid);
    long lateStarted = Stopwatch.GetTimestamp();
    await Task.Delay(lastMinute);
    (long rssEnd, TimeSpan cpuEnd) = Sample(pid);
    TimeSpan wall = Stopwatch.GetElapsedTime(idleStarted);
    TimeSpan lateWall = Stopwatch.GetElapsedTime(lateStarted);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"idle, the window's last {lateWall.TotalSeconds:0} s alone (after the work above has settled): CPU {(cpuEnd - cpuLate).TotalMilliseconds:0} ms = {(cpuEnd - cpuLate) / lateWall * 100:0.000} % of one core"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"idle after {wall.TotalMinutes:0.0} min: RSS {rssEnd / 1024.0:0.0} MiB (target < 80 MB; {MemoryBreakdown(pid)}), CPU {(cpuEnd - cpuStart).TotalMilliseconds:0} ms = {(cpuEnd - cpuStart) / wall * 100:0.000} % of one core"));
}

static (long RssKiB, TimeSpan Cpu) Sample(int pid)
{
    long rss = File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
    // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks, after the parenthesised command name.
    string stat = File.ReadAllText($"/proc/{pid}/stat");
    string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    return (rss, TimeSpan.FromSeconds(ticks / 100.0));
}

// Anonymous memory (GC heap, native allocations) apart from file-backed pages (the mapped assemblies and the runtime,
// shared with every other .NET process on the machine) and shared memory (the runtime maps JIT-compiled code twice,
// writable and executable, never both); PSS divides shared pages among the processes that map them.
static string MemoryBreakdown(int pid)
{
    var fields = File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal))
        .Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => long.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    long pss = File.ReadLines($"/proc/{pid}/smaps_rollup").Where(l => l.StartsWith("Pss:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
    return string.Create(CultureInfo.InvariantCulture,
        $"anonymous {fields.GetValueOrDefault("RssAnon") / 1024.0:0.0} MiB, file-backed {fields.GetValueOrDefault("RssFile") / 1024.0:0.0} MiB, shared memory (JIT code mapped twice for W^X) {fields.GetValueOrDefault("RssShmem") / 1024.0:0.0} MiB; PSS {pss / 1024.0:0.0} MiB");
}

static void Report(string what, List<double> samples, string unit = "ms")
{
    samples.Sort();
    double p99 = samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(samples.Count * 0.99) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {Median(samples):0.0} {unit}, p99 {p99:0.0} {unit}, min {samples[0]:0.0}, max {samples[^1]:0.0}"));
}

static double Median(List<double> sorted) =>
    sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
