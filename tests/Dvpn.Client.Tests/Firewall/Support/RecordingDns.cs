using System.Net;
using Dvpn.Client.Resolution;

namespace Dvpn.Client.Tests.Firewall.Support;

/// <summary>An <see cref="IDnsConfigurator"/> that records applies and restores, in order with the kill switch's calls
/// when both share <see cref="Log"/>.</summary>
internal sealed class RecordingDns(List<string>? log = null) : IDnsConfigurator
{
    public string Name => "recording";

    public List<string> Log { get; } = log ?? [];

    public IReadOnlyList<IPAddress>? Servers { get; private set; }

    public Task ApplyAsync(string interfaceName, IReadOnlyList<IPAddress> servers, CancellationToken cancellationToken = default)
    {
        Servers = servers;
        Log.Add($"dns {interfaceName} {string.Join(",", servers)}");
        return Task.CompletedTask;
    }

    public Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        Servers = null;
        Log.Add("dns restore");
        return Task.CompletedTask;
    }
}
