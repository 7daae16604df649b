using System.Diagnostics.CodeAnalysis;
using Dvpn.Protocol.V1;

namespace Dvpn.Protocol.Sessions;

/// <summary>
/// The provider's checks on an OpenSession request that need no chain: version, sizes, chain, lottery, provider,
/// token, timestamp window, signature, replay (docs/protocol.md §3.1). Thread-safe. The on-chain account checks
/// come after, in the provider.
/// </summary>
public sealed class SessionRequestValidator
{
    /// <summary>Creates a validator.</summary>
    public SessionRequestValidator(SessionRequestExpectations expectations, TimeProvider timeProvider) =>
        throw new NotImplementedException();

    /// <summary>
    /// Checks <paramref name="message"/>; on success returns true with the parsed request, and remembers its digest
    /// so the same request is refused as <see cref="OpenRejectionReason.Replayed"/> until it leaves the window.
    /// </summary>
    public bool TryValidate(OpenSessionRequest message, [NotNullWhen(true)] out SessionRequest? request,
        [NotNullWhen(false)] out OpenRejection? rejection) => throw new NotImplementedException();
}
