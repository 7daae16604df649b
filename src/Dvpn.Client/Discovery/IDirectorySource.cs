using Dvpn.Chain.Providers;

namespace Dvpn.Client.Discovery;

/// <summary>
/// Where provider snapshots come from: the Directory contract on one chain. An interface so that discovery can be
/// tested without a node; <see cref="ChainDirectorySource"/> is the real one.
/// </summary>
internal interface IDirectorySource
{
    /// <summary>The chain the Directory lives on; a cache written for another chain is ignored.</summary>
    ulong ChainId { get; }

    /// <summary>The Directory contract's address; a cache written for another contract is ignored.</summary>
    string Address { get; }

    /// <summary>Reads every provider at one block. Throws when the chain cannot be read.</summary>
    Task<ProviderSnapshot> ReadAsync(CancellationToken cancellationToken);
}
