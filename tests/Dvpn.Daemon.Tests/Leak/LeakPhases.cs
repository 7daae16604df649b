using Dvpn.Devnet.Leak;
using Xunit.Abstractions;

namespace Dvpn.Daemon.Tests.Leak;

/// <summary>
/// Phases of a leak test: each reads the uplink counters at its start and end, reports the per-kind deltas and the
/// generator's successes to the test output, and can assert that nothing of no allowed kind left the client, with the
/// first offending packets (tcpdump) in the failure message.
/// </summary>
internal sealed class LeakPhases(LeakLabFixture fixture, ITestOutputHelper output)
{
    public async Task<Phase> BeginAsync(string name) =>
        new(name, await fixture.Capture.ReadAsync(), TimeProvider.System.GetUtcNow());

    /// <summary>Ends the phase, writes its line to the output and returns the counts.</summary>
    public async Task<PhaseResult> EndAsync(Phase phase)
    {
        // A packet sent just before the reading may still be on the veth: let it be counted in this phase.
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        UplinkCounts now = await fixture.Capture.ReadAsync();
        DateTimeOffset end = TimeProvider.System.GetUtcNow();
        var result = new PhaseResult(phase, now.Minus(phase.Start), end);
        string line = $"phase '{phase.Name}' ({(end - phase.Began).TotalSeconds:F1} s):\n{result.Counts}\n  traffic ok/attempts: {fixture.Traffic.Summary(phase.Began, end)}";
        output.WriteLine(line);
        return result;
    }

    /// <summary>Asserts that the client sent nothing of no allowed kind during the phase.</summary>
    public void AssertNoLeak(PhaseResult result)
    {
        if (result.Counts.OtherFromClient == 0)
        {
            return;
        }

        IReadOnlyList<PacketLine> offending = fixture.Capture.OffendingPackets(result.Phase.Began.AddSeconds(-1), result.End.AddSeconds(1));
        Assert.Fail(
            $"phase '{result.Phase.Name}': {result.Counts.OtherFromClient} packet(s) of no allowed kind crossed the client's uplink.\n{result.Counts}\n" +
            $"first offending packets (tcpdump):\n{string.Join('\n', offending.Select(p => p.Text))}");
    }

    public sealed record Phase(string Name, UplinkCounts Start, DateTimeOffset Began);

    public sealed record PhaseResult(Phase Phase, UplinkCounts Counts, DateTimeOffset End);
}
