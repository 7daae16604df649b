namespace Dvpn.Devnet.Lab;

/// <summary>Teardown that goes on past failures: every resource is disposed, and what failed is collected.</summary>
public static class LabTeardown
{
    /// <summary>Disposes each of <paramref name="resources"/> in order, then the network, adding every failure to
    /// <paramref name="failures"/> instead of stopping at the first.</summary>
    public static async Task DisposeAllAsync(IEnumerable<IAsyncDisposable> resources, IAsyncDisposable network, List<Exception> failures)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(failures);
        foreach (IAsyncDisposable resource in resources.Append(network))
        {
            try
            {
                await resource.DisposeAsync();
            }
#pragma warning disable CA1031 // teardown goes on; failures are reported together
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Add(e);
            }
        }
    }
}
