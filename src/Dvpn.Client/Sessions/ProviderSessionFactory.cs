using System.Runtime.Versioning;
using Dvpn.Chain.Providers;
using Dvpn.Client.State;

namespace Dvpn.Client.Sessions;

/// <summary>Opens real sessions with providers.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ProviderSessionFactory(SessionEnvironment environment) : ISessionFactory
{
    public async Task<IActiveSession> ConnectAsync(ProviderListing listing, Action<ConnectPhase> phase, CancellationToken cancellationToken) =>
        await ProviderSession.ConnectAsync(environment, listing, phase, cancellationToken).ConfigureAwait(false);
}
