using Dvpn.WireGuard;

namespace Dvpn.Provider.DataPlane;

/// <summary>
/// The provider's WireGuard device and what surrounds it: the gateway addresses on the interface, forwarding and
/// NAT (nftables) to the upstream interface, one peer per session. Thread-safe.
/// </summary>
internal sealed class ProviderTunnel : IAsyncDisposable
{
    /// <summary>
    /// Creates and brings up the device with <paramref name="privateKey"/>, assigns the pool gateways, enables
    /// forwarding and installs the NAT rules; throws with a clear message when any step is impossible.
    /// </summary>
    public static Task<ProviderTunnel> CreateAsync(TunnelOptions options, AddressPool pool, PrivateKey privateKey,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The device's public key.</summary>
    public PublicKey PublicKey => throw new NotImplementedException();

    /// <summary>The interface name.</summary>
    public string InterfaceName => throw new NotImplementedException();

    /// <summary>Adds a session's peer, allowed exactly its addresses.</summary>
    public Task AddPeerAsync(PublicKey publicKey, SessionAddresses addresses, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Removes a session's peer (no error when it is already gone).</summary>
    public Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Every peer's counters, read from the device in one call.</summary>
    public Task<IReadOnlyDictionary<PublicKey, PeerCounters>> ReadCountersAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Removes NAT rules, peers and the device.</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
