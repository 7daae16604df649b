using System.Net;
using System.Net.Sockets;
using Dvpn.Client.Networking;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Selection;

/// <summary>
/// Probes with a bare TCP connect from the client's network namespace (<see cref="ClientNetwork"/>), closed at once:
/// no TLS, no session, nothing a provider could bill. The connect time is one round trip to the provider.
/// </summary>
internal sealed class TcpLatencyProbe(ClientNetwork network, TimeSpan timeout, TimeProvider time, ILogger logger) : ILatencyProbe
{
    public async Task<TimeSpan?> ProbeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            // IdnHost has no brackets around an IPv6 literal, so it parses as an address.
            string host = endpoint.IdnHost;
            IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, linked.Token).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                logger.ProbeFailed(endpoint, "the host has no address");
                return null;
            }

            long start = time.GetTimestamp();
            using Socket socket = await network.ConnectAsync(new IPEndPoint(addresses[0], endpoint.Port), linked.Token).ConfigureAwait(false);
            return time.GetElapsedTime(start);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.ProbeFailed(endpoint, $"no answer within {timeout}");
            return null;
        }
        catch (SocketException e)
        {
            logger.ProbeFailed(endpoint, e.SocketErrorCode.ToString());
            return null;
        }
    }
}
