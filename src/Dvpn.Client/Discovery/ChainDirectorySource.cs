using Dvpn.Chain.Providers;

namespace Dvpn.Client.Discovery;

/// <summary>Reads the Directory contract through <see cref="DirectoryClient.GetSnapshotAsync"/>, in pages of <paramref name="pageSize"/>.</summary>
internal sealed class ChainDirectorySource(DirectoryClient directory, ulong chainId, int pageSize) : IDirectorySource
{
    public ulong ChainId { get; } = chainId;

    public string Address => directory.Address;

    public Task<ProviderSnapshot> ReadAsync(CancellationToken cancellationToken) => directory.GetSnapshotAsync(pageSize, cancellationToken);
}
