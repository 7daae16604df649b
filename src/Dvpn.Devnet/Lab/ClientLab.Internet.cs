using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Lab;

/// <summary>The internet host's services, as seen from the client's namespace.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class ClientLab
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Sends <paramref name="bytes"/> random bytes from the client's namespace to <see cref="InternetService"/> and
    /// checks them (SHA-256 both ends). Through a tunnel only: the client has no other way there.
    /// </summary>
    /// <exception cref="TimeoutException">Not done within <paramref name="timeout"/>.</exception>
    public Task<TcpTransferResult> TransferToInternetAsync(long bytes, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TcpTransfer.RunAsync(Internet, InternetService, Client, bytes, timeout, cancellationToken);

    /// <summary>The other direction: the client's namespace reads <paramref name="bytes"/> from the internet host.</summary>
    public Task<TcpTransferResult> TransferFromInternetAsync(long bytes, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TcpTransfer.DownloadAsync(Internet, InternetService, Client, bytes, timeout, cancellationToken);

    /// <summary>
    /// One attempt: a TCP connection from the client's namespace to the reachability service, which answers one byte.
    /// True when the byte arrived within <paramref name="timeout"/>.
    /// </summary>
    public Task<bool> CanReachInternetAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        CanReachAsync(Client, timeout, cancellationToken);

    /// <summary>The same from another host (e.g. a provider's site, which routes to the internet host directly).</summary>
    public async Task<bool> CanReachAsync(NetworkHost from, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using Socket socket = from.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(InternetService, ReachabilityPort), deadline.Token);
            byte[] answer = new byte[1];
            return await socket.ReceiveAsync(answer, SocketFlags.None, deadline.Token) == 1;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until the client's namespace reaches the internet (e.g. after a failover), trying again after each
    /// failed attempt; <see cref="TimeoutException"/> at the deadline.
    /// </summary>
    public async Task WaitForInternetAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new TimeoutException($"The client's namespace did not reach {InternetService} within {timeout}.");
            }

            long started = Environment.TickCount64;
            if (await CanReachInternetAsync(TimeSpan.FromMilliseconds(Math.Min(left, AttemptTimeout.TotalMilliseconds)), cancellationToken))
            {
                return;
            }

            // An attempt refused at once (no route yet) is retried after a short pause, not in a busy loop.
            if (Environment.TickCount64 - started < RetryInterval.TotalMilliseconds)
            {
                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }

    private void StartReachabilityService()
    {
        Own(TcpAcceptLoop.Start(Internet, new IPEndPoint(InternetService, ReachabilityPort), 64, async (connection, stop) =>
        {
            using (connection)
            {
                try
                {
                    await connection.SendAsync(new byte[] { 1 }, SocketFlags.None, stop);
                    connection.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
            }
        }));
    }
}
