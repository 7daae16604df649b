using Dvpn.Client.Options;
using Dvpn.Client.Selection;

namespace Dvpn.Client.Tests.Selection;

public sealed class SelectionOptionsUpdateTests
{
    [Fact]
    public async Task Build_RacingUpdates_SeesEachChangeWholeOrNotAtAll()
    {
        // Each update sets regions and the deny list to the same generation: a constraint set mixing two generations
        // would be a torn read.
        var options = new SelectionOptions { Regions = ["g0"], Deny = ["g0"] };
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        Task writer = Task.Run(() =>
        {
            for (int i = 1; !stop.IsCancellationRequested; i++)
            {
                string generation = $"g{i}";
                options.Update(o =>
                {
                    o.Regions = [generation];
                    Thread.Yield();
                    o.Deny = [generation];
                });
            }
        });

        while (!stop.IsCancellationRequested)
        {
            var constraints = SelectionConstraints.Build(options, request: null, policyMaxPrice: null, activeMarks: [], exclude: new HashSet<string>());
            Assert.Equal(constraints.Regions.Single(), constraints.Deny.Single());
        }

        await writer;
    }
}
