using System.Numerics;
using Dvpn.Devnet.Chain;

namespace Dvpn.Provider.Tests.Claims;

/// <summary>
/// One <see cref="DevnetChain"/> shared by the claim tests (an xunit collection fixture). Each test takes fresh
/// accounts (provider, funder) and a fresh signer key from it, so tests that share the chain never share replay records.
/// </summary>
public sealed class ClaimsDevnet : IAsyncLifetime
{
    private DevnetChain? _chain;

    public DevnetChain Chain => _chain ?? throw new InvalidOperationException("the devnet is not running");

    // DevnetChain.StartAsync throws when anvil is missing: the tests fail loudly, they are never skipped.
    public async Task InitializeAsync() =>
        _chain = await DevnetChain.StartAsync(100 * BigInteger.Pow(10, 18), TimeSpan.FromDays(7), TimeSpan.FromDays(1));

    public async Task DisposeAsync()
    {
        if (_chain is not null)
        {
            await _chain.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClaimsDevnetCollection : ICollectionFixture<ClaimsDevnet>
{
    public const string Name = "claims-devnet";
}
