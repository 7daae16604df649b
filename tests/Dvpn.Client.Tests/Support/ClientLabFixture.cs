using System.Runtime.Versioning;
using Dvpn.Devnet.Lab;

namespace Dvpn.Client.Tests.Support;

/// <summary>
/// The client end-to-end tests' shared lab, built once per run: anvil with the contracts and the namespaces
/// (<see cref="ClientLab"/>). Each test starts its own providers, in a region of its own so that its selection sees
/// only them, and its own client account. Without root, nft, wireguard-go or anvil every test fails, loudly.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ClientLabFixture : IAsyncLifetime
{
    public const string CollectionName = "client-lab";

    private ClientLab? _lab;

    public ClientLab Lab => _lab ?? throw new InvalidOperationException("The client lab is not set up.");

    public async Task InitializeAsync() => _lab = await ClientLab.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }
}

[CollectionDefinition(ClientLabFixture.CollectionName)]
public sealed class ClientLabCollection : ICollectionFixture<ClientLabFixture>
{
}
