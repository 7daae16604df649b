using System.Runtime.Versioning;
using System.Text.Json;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// Watches the client's uplink from the router's side: an nftables table of the router's own (see
/// <see cref="CaptureRuleset"/>) counts every frame by kind in both directions, and a tcpdump on the same device
/// prints what the client sent that is of no allowed kind, so that a failed assertion can show the first offending
/// packets. Dispose stops tcpdump by its PID and removes the table.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class UplinkCapture : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly HostProcess _tcpdump;

    private UplinkCapture(NetworkHost router, string device, UplinkAllowance allowance, HostProcess tcpdump)
    {
        Router = router;
        Device = device;
        Allowance = allowance;
        _tcpdump = tcpdump;
    }

    /// <summary>The host the capture runs in.</summary>
    public NetworkHost Router { get; }

    /// <summary>The router's device towards the client.</summary>
    public string Device { get; }

    /// <summary>What counts as allowed.</summary>
    public UplinkAllowance Allowance { get; }

    /// <summary>Installs the counting table and starts tcpdump; fails loudly without nft or tcpdump.</summary>
    /// <exception cref="InvalidOperationException">tcpdump or nft is missing or refused to run.</exception>
    public static async Task<UplinkCapture> StartAsync(NetworkHost router, string device, UplinkAllowance allowance,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentException.ThrowIfNullOrEmpty(device);
        ArgumentNullException.ThrowIfNull(allowance);
        string tcpdump = FindOnPath("tcpdump")
            ?? throw new InvalidOperationException("The leak lab needs tcpdump on PATH to show leaked packets: install tcpdump.");
        CommandResult installed = await router.RunWithInputAsync(["nft", "-f", "-"], CaptureRuleset.Build(device, allowance), cancellationToken: cancellationToken);
        if (!installed.Succeeded)
        {
            throw new InvalidOperationException($"The uplink capture table was refused: {installed.StandardError.Trim()}\n{CaptureRuleset.Build(device, allowance)}");
        }

        HostProcess process = router.Start([tcpdump, "-n", "-tt", "-l", "-Q", "in", "-i", device, CaptureRuleset.TcpdumpFilter(allowance)]);
        var capture = new UplinkCapture(router, device, allowance, process);
        try
        {
            await process.WaitForOutputAsync(l => l.Contains("listening on", StringComparison.Ordinal), ReadyTimeout, cancellationToken);
            return capture;
        }
        catch
        {
            await capture.DisposeAsync();
            throw;
        }
    }

    /// <summary>Reads every counter now.</summary>
    public async Task<UplinkCounts> ReadAsync(CancellationToken cancellationToken = default)
    {
        CommandResult list = (await Router.RunAsync(["nft", "-j", "list", "table", "netdev", CaptureRuleset.TableName], cancellationToken: cancellationToken))
            .EnsureSuccess();
        var ingress = new Dictionary<string, long>(StringComparer.Ordinal);
        var egress = new Dictionary<string, long>(StringComparer.Ordinal);
        using JsonDocument json = JsonDocument.Parse(list.StandardOutput);
        foreach (JsonElement item in json.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (!item.TryGetProperty("counter", out JsonElement counter) || !counter.TryGetProperty("name", out JsonElement nameElement))
            {
                continue;
            }

            string name = nameElement.GetString() ?? "";
            long packets = counter.GetProperty("packets").GetInt64();
            if (name.StartsWith(CaptureRuleset.IngressPrefix, StringComparison.Ordinal))
            {
                ingress[name[CaptureRuleset.IngressPrefix.Length..]] = packets;
            }
            else if (name.StartsWith(CaptureRuleset.EgressPrefix, StringComparison.Ordinal))
            {
                egress[name[CaptureRuleset.EgressPrefix.Length..]] = packets;
            }
        }

        return new UplinkCounts(ingress, egress);
    }

    /// <summary>
    /// The packets from the client of no allowed kind that tcpdump printed between <paramref name="from"/> and
    /// <paramref name="to"/> (capture times), at most <paramref name="limit"/>, oldest first.
    /// </summary>
    public IReadOnlyList<PacketLine> OffendingPackets(DateTimeOffset from, DateTimeOffset to, int limit = 20) =>
        [.. _tcpdump.Output.Split('\n')
            .Select(l => PacketLine.TryParse(l, out PacketLine? p) ? p : null)
            .OfType<PacketLine>()
            .Where(p => p.At >= from && p.At <= to && !p.IsAllowedKind)
            .Take(limit)];

    /// <summary>Everything tcpdump printed (for a failure message).</summary>
    public string TcpdumpOutput => _tcpdump.Output;

    /// <summary>Stops tcpdump (by its PID) and removes the table.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _tcpdump.DisposeAsync();
        }
        finally
        {
            await Router.RunWithInputAsync(["nft", "-f", "-"], $"table netdev {CaptureRuleset.TableName}\ndelete table netdev {CaptureRuleset.TableName}\n");
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
