using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.WireGuard.Linux;

namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// A TCP transfer between two namespaces: a listener created in the receiver's namespace, a client created in the
/// sender's (a socket stays in the namespace it was created in), SHA-256 over the stream on both sides.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class NamespaceTransfer
{
    public const int ChunkSize = 1 << 20;
    private const int TcpPort = 5201;
    private long _received;

    /// <summary>Bytes the receiver has read so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Sends <paramref name="megabytes"/> MiB of pseudo-random data (every chunk differs) from <paramref name="senderNs"/> to <paramref name="receiver"/> in <paramref name="receiverNs"/>.</summary>
    public async Task<TransferResult> RunAsync(string senderNs, string receiverNs, IPAddress receiver, int megabytes, CancellationToken cancellationToken)
    {
        using Socket listener = NetworkNamespace.RunIn(receiverNs, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(receiver, TcpPort));
        listener.Listen(1);
        Task<(byte[] Hash, long Count)> receiving = ReceiveAsync(listener, cancellationToken);

        using Socket sender = NetworkNamespace.RunIn(senderNs, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await sender.ConnectAsync(new IPEndPoint(receiver, TcpPort), cancellationToken);
        byte[] chunk = RandomNumberGenerator.GetBytes(ChunkSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < megabytes; i++)
        {
            BitConverter.TryWriteBytes(chunk, i); // so that no two chunks are equal
            hash.AppendData(chunk);
            await sender.SendAsync(chunk, SocketFlags.None, cancellationToken);
        }

        sender.Shutdown(SocketShutdown.Send);
        (byte[] receivedHash, long count) = await receiving;
        return new TransferResult(hash.GetHashAndReset(), receivedHash, (long)megabytes * ChunkSize, count);
    }

    private async Task<(byte[] Hash, long Count)> ReceiveAsync(Socket listener, CancellationToken cancellationToken)
    {
        using Socket connection = await listener.AcceptAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[256 * 1024];
        long count = 0;
        int n;
        while ((n = await connection.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            count += n;
            Interlocked.Exchange(ref _received, count);
        }

        return (hash.GetHashAndReset(), count);
    }
}
