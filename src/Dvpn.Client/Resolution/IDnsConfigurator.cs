using System.Net;

namespace Dvpn.Client.Resolution;

/// <summary>
/// Points the system's name resolution at the tunnel's DNS servers while connected and puts back exactly what was
/// there before. The previous state is saved to disk before anything changes, so a crash never loses it.
/// </summary>
internal interface IDnsConfigurator
{
    /// <summary>The backend's name as the daemon reports it: <c>resolv.conf</c>, <c>systemd-resolved</c>.</summary>
    string Name { get; }

    /// <summary>Resolution goes to <paramref name="servers"/> through <paramref name="interfaceName"/>. Saves the
    /// state from before the first apply to disk first; a second apply replaces the servers and keeps that state.</summary>
    Task ApplyAsync(string interfaceName, IReadOnlyList<IPAddress> servers, CancellationToken cancellationToken = default);

    /// <summary>Puts back exactly the state from before the first apply (also one saved by a crashed run); idempotent.</summary>
    Task RestoreAsync(CancellationToken cancellationToken = default);
}
