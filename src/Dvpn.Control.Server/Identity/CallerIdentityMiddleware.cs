using System.Runtime.Versioning;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Dvpn.Control.Server.Identity;

/// <summary>
/// Kestrel connection middleware: reads the peer's credentials once per connection and stores a
/// <see cref="CallerIdentity"/> in the connection's features, where every request on it (HTTP/2 streams included)
/// finds it. A connection whose credentials cannot be read is closed before any request is read.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CallerIdentityMiddleware(ConnectionDelegate next, ILogger logger)
{
    public Task OnConnectedAsync(ConnectionContext connection)
    {
        var identity = TryIdentify(connection);
        if (identity is null)
        {
            connection.Abort(new ConnectionAbortedException("The caller's credentials could not be read"));
            return Task.CompletedTask;
        }

        connection.Features.Set(identity);
        return next(connection);
    }

    private CallerIdentity? TryIdentify(ConnectionContext connection)
    {
        try
        {
            var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket
                ?? throw new InvalidOperationException("The connection has no socket feature (not a socket transport)");
            var credentials = PeerCredentials.Read(socket);
            var groups = PeerCredentials.TryReadGroups(socket) ?? ProcStatusParser.TryReadGroups(credentials.Pid) ?? [];
            Log.Connected(logger, credentials.Uid, credentials.Gid, credentials.Pid);
            return new CallerIdentity(credentials.Uid, credentials.Gid, credentials.Pid, groups);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Log.PeerCredentialsFailed(logger, e);
            return null;
        }
    }
}
