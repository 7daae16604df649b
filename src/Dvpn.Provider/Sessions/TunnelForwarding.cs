using Dvpn.Provider.Hosting;

namespace Dvpn.Provider.Sessions;

/// <summary><see cref="ISessionForwarding"/> on the provider's tunnel (<see cref="DataPlane.ProviderTunnel.CutAsync"/>).</summary>
internal sealed class TunnelForwarding(ProviderContext context) : ISessionForwarding
{
    public Task CutAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return context.Tunnel.CutAsync(session.Addresses, cancellationToken);
    }

    public Task UncutAsync(Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return context.Tunnel.UncutAsync(session.Addresses, cancellationToken);
    }
}
