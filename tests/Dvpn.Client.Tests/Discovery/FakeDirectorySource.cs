using Dvpn.Chain;
using Dvpn.Chain.Providers;
using Dvpn.Client.Discovery;

namespace Dvpn.Client.Tests.Discovery;

/// <summary>A Directory without a chain: serves <see cref="Snapshot"/>, or throws while <see cref="Down"/>.</summary>
internal sealed class FakeDirectorySource(ulong chainId = 31337, string address = FakeDirectorySource.DefaultAddress) : IDirectorySource
{
    public const string DefaultAddress = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    private int _reads;

    public ulong ChainId { get; } = chainId;

    public string Address { get; } = address;

    public ProviderSnapshot Snapshot { get; set; } = new(1, [], []);

    public bool Down { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Completed by each read (before it returns), then replaced: lets a test wait for the next read without sleeping.</summary>
    public TaskCompletionSource NextRead { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ProviderSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        TaskCompletionSource read = NextRead;
        NextRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            return Down
                ? Task.FromException<ProviderSnapshot>(new ChainException("connection refused", isTransient: true))
                : Task.FromResult(Snapshot);
        }
        finally
        {
            read.SetResult();
        }
    }
}
