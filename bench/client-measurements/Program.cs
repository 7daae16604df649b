using System.Diagnostics;
using System.Globalization;
using Dvpn.Client;
using Dvpn.Client.Payments;
using Dvpn.Client.State;
using Dvpn.Devnet.Lab;
using Dvpn.Devnet.Namespaces;
using Microsoft.Extensions.Logging;

// Measures, on the local devnet lab (anvil, real dvpn-provider processes in network namespaces, wireguard-go):
//  1. connect time: ConnectAsync called -> first byte through the tunnel (a TCP connection to the internet host,
//     which only the tunnel reaches, answered), median of N connects (default 20), each to a fresh session;
//  2. payment overhead: payment bytes (protobuf, both ways) and tickets per GiB of tunnel traffic, over one upload
//     (default 1 GiB), and the client's CPU for them from the per-ticket cost measured by Dvpn.Benchmarks.
// Run as root after a Release build: dotnet run -c Release --project bench/client-measurements [-- connects MiB [killswitch]]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

int connects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
long transferMiB = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
bool compareKillSwitch = args.Length > 2 && args[2] is "killswitch" or "killswitch-nodns";

await using ClientLab lab = await ClientLab.CreateAsync();
await lab.StartProvidersAsync(2, new LabProviderSpec { Region = "bench" });
using LabClientAccount account = await lab.CreateClientAccountAsync();
Dvpn.Client.Options.DvpnClientOptions options = account.CreateOptions("bench");
using ILoggerFactory logging = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
if (compareKillSwitch)
{
    options.Firewall.ManageDns = args[2] == "killswitch"; // "killswitch-nodns": the firewall alone, resolv.conf untouched
    // The kill switch's cost on connect, side by side: rounds of 5 connects with it on, then 5 with it off, alternating.
    var on = new List<double>();
    var off = new List<double>();
    for (int round = 0; round < Math.Max(1, connects / 10); round++)
    {
        foreach (bool killSwitch in new[] { true, false })
        {
            options.Firewall.KillSwitch = killSwitch;
            await using DvpnClient measured = DvpnClient.Create(options, logging);
            await measured.StartAsync();
            (killSwitch ? on : off).AddRange(await MeasureConnectsAsync(measured, 5));
        }
    }

    on.Sort();
    off.Sort();
    Console.WriteLine($"connect -> first byte, kill switch on:  {on.Count} connects, median {Median(on):0} ms, min {on[0]:0} ms, max {on[^1]:0} ms");
    Console.WriteLine($"connect -> first byte, kill switch off: {off.Count} connects, median {Median(off):0} ms, min {off[0]:0} ms, max {off[^1]:0} ms");
    return;
}

await using DvpnClient client = DvpnClient.Create(options, logging);
await client.StartAsync();

var samples = new List<double>();
var returned = new List<double>();
for (int i = 0; i < connects; i++)
{
    long started = Stopwatch.GetTimestamp();
    Connected connected = await client.ConnectAsync();
    returned.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    // First byte through the tunnel: the internet host is reachable only through the provider.
    if (!await lab.CanReachInternetAsync(TimeSpan.FromSeconds(10)))
    {
        throw new InvalidOperationException($"connect {i + 1}: no byte reached the internet host through {connected.Provider.Address}");
    }

    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    await client.DisconnectAsync();
}

samples.Sort();
returned.Sort();
Console.WriteLine($"connect -> first byte through the tunnel, {connects} connects: median {Median(samples):0} ms, min {samples[0]:0} ms, max {samples[^1]:0} ms (ConnectAsync alone: median {Median(returned):0} ms)");

await client.ConnectAsync();
long bytes = transferMiB * 1024 * 1024;
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
long transferStarted = Stopwatch.GetTimestamp();
// Upload: the client's count (what it sent) is at least the provider's (what arrived), so the figures are about
// payments, not about wireguard-go's UDP losses at full speed (see the issue 5 note on downloads).
TcpTransferResult down = await lab.TransferToInternetAsync(bytes, TimeSpan.FromMinutes(5));
TimeSpan elapsed = Stopwatch.GetElapsedTime(transferStarted);
await Task.Delay(TimeSpan.FromSeconds(2)); // the last invoice and receipt
PaymentCounters counters = client.CurrentPaymentCounters ?? throw new InvalidOperationException("the session ended during the transfer");
TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
double gib = (double)bytes / (1L << 30);
double paymentBytes = counters.PaymentBytesSent + counters.PaymentBytesReceived;
Console.WriteLine($"transfer: {transferMiB} MiB through the tunnel in {elapsed.TotalSeconds:0.0} s ({bytes / elapsed.TotalSeconds / 1e6:0.0} MB/s), intact {down.Intact}");
Console.WriteLine($"payment per GiB: {counters.TicketsSent / gib:0} tickets, {counters.InvoicesReceived / gib:0} invoices, {paymentBytes / gib / 1024:0.0} KiB of payment messages ({paymentBytes / bytes * 100:0.000} % of the traffic): sent {counters.PaymentBytesSent / gib / 1024:0.0} KiB, received {counters.PaymentBytesReceived / gib / 1024:0.0} KiB");
Console.WriteLine($"paid: expected value {counters.ExpectedValueSent}, credited {counters.Credited}, last fair invoice owed {counters.LastOwed}");
Console.WriteLine($"whole test process CPU during the transfer (includes the transfer's own sockets): {cpu.TotalMilliseconds:0} ms");
await client.DisconnectAsync();

async Task<List<double>> MeasureConnectsAsync(DvpnClient measured, int count)
{
    var times = new List<double>();
    for (int i = 0; i < count; i++)
    {
        long started = Stopwatch.GetTimestamp();
        await measured.ConnectAsync();
        if (!await lab.CanReachInternetAsync(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"connect {i + 1}: no byte reached the internet host");
        }

        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        await measured.DisconnectAsync();
    }

    return times;
}

static double Median(List<double> sorted) =>
    sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
