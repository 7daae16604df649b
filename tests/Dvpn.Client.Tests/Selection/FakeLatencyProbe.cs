using System.Collections.Concurrent;
using Dvpn.Client.Selection;

namespace Dvpn.Client.Tests.Selection;

/// <summary>Answers probes from a table by endpoint host (unknown hosts answer in 10 ms) and records what was probed.</summary>
internal sealed class FakeLatencyProbe : ILatencyProbe
{
    private readonly ConcurrentDictionary<string, TimeSpan?> _answers = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<Uri> Probed { get; } = new();

    public FakeLatencyProbe Silent(string host)
    {
        _answers[host] = null;
        return this;
    }

    public Task<TimeSpan?> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        Probed.Enqueue(endpoint);
        return Task.FromResult(_answers.TryGetValue(endpoint.Host, out TimeSpan? latency) ? latency : TimeSpan.FromMilliseconds(10));
    }
}
