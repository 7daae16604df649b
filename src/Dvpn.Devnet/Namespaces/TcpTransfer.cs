using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Dvpn.Devnet.Namespaces;

/// <summary>
/// A TCP transfer between two hosts run by the test process itself, with sockets created inside the hosts: random
/// bytes from the client, read to end of stream by the server, both sides hashed. Unlike <c>iperf3 --bytes</c>,
/// whose client may exit (and its server stop counting) with data still in flight, this counts exactly what the
/// receiving application read, and checks that it is what was sent.
/// </summary>
[SupportedOSPlatform("linux")]
public static class TcpTransfer
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Sends <paramref name="bytes"/> random bytes from <paramref name="client"/> to a listener of
    /// <paramref name="server"/> bound to <paramref name="serverAddress"/>.</summary>
    /// <exception cref="TimeoutException">The transfer did not finish within <paramref name="timeout"/>.</exception>
    public static Task<TcpTransferResult> RunAsync(
        NetworkHost server, IPAddress serverAddress, NetworkHost client, long bytes, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TransferAsync(server, serverAddress, client, bytes, timeout, upload: true, cancellationToken);

    /// <summary>
    /// The other direction: <paramref name="client"/> connects to a listener of <paramref name="server"/> bound to
    /// <paramref name="serverAddress"/> and reads <paramref name="bytes"/> random bytes the server sends, to end of
    /// stream. For paths where only the client can open connections (e.g. behind NAT).
    /// </summary>
    /// <exception cref="TimeoutException">The transfer did not finish within <paramref name="timeout"/>.</exception>
    public static Task<TcpTransferResult> DownloadAsync(
        NetworkHost server, IPAddress serverAddress, NetworkHost client, long bytes, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TransferAsync(server, serverAddress, client, bytes, timeout, upload: false, cancellationToken);

    // One listener in the server's host, one connection from the client's; the client sends (upload) or reads
    // (download), and both ends hash what passed.
    private static async Task<TcpTransferResult> TransferAsync(NetworkHost server, IPAddress serverAddress, NetworkHost client,
        long bytes, TimeSpan timeout, bool upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using Socket listener = server.CreateSocket(serverAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(serverAddress, 0));
            listener.Listen(1);
            using Socket connection = client.CreateSocket(serverAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            byte[] sentHash;
            long received;
            byte[] receivedHash;
            if (upload)
            {
                Task<(long Count, byte[] Hash)> receiving = ReceiveAllAsync(listener, deadline.Token);
                await connection.ConnectAsync(listener.LocalEndPoint!, deadline.Token);
                sentHash = await SendAsync(connection, bytes, deadline.Token);
                (received, receivedHash) = await receiving;
            }
            else
            {
                Task<byte[]> sending = ServeAsync(listener, bytes, deadline.Token);
                await connection.ConnectAsync(listener.LocalEndPoint!, deadline.Token);
                (received, receivedHash) = await ReceiveToEndAsync(connection, deadline.Token);
                sentHash = await sending;
            }

            return new TcpTransferResult(bytes, received, CryptographicOperations.FixedTimeEquals(sentHash, receivedHash), clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(upload
                ? $"Sending {bytes} bytes from {client} to {serverAddress} in {server} took longer than {timeout}."
                : $"Receiving {bytes} bytes in {client} from {serverAddress} in {server} took longer than {timeout}.");
        }
    }

    private static async Task<byte[]> ServeAsync(Socket listener, long bytes, CancellationToken cancellationToken)
    {
        using Socket connection = await listener.AcceptAsync(cancellationToken);
        return await SendAsync(connection, bytes, cancellationToken);
    }

    private static async Task<byte[]> SendAsync(Socket socket, long bytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] chunk = new byte[ChunkSize];
        for (long left = bytes; left > 0;)
        {
            int size = (int)Math.Min(left, chunk.Length);
            RandomNumberGenerator.Fill(chunk.AsSpan(0, size));
            hash.AppendData(chunk, 0, size);
            for (int offset = 0; offset < size;)
            {
                offset += await socket.SendAsync(chunk.AsMemory(offset, size - offset), SocketFlags.None, cancellationToken);
            }

            left -= size;
        }

        socket.Shutdown(SocketShutdown.Send); // end of stream: the receiver's last read returns 0
        return hash.GetHashAndReset();
    }

    private static async Task<(long Count, byte[] Hash)> ReceiveAllAsync(Socket listener, CancellationToken cancellationToken)
    {
        using Socket connection = await listener.AcceptAsync(cancellationToken);
        return await ReceiveToEndAsync(connection, cancellationToken);
    }

    private static async Task<(long Count, byte[] Hash)> ReceiveToEndAsync(Socket connection, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[ChunkSize];
        long count = 0;
        int read;
        while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            count += read;
        }

        return (count, hash.GetHashAndReset());
    }
}
