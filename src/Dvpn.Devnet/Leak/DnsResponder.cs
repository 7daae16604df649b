using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// A toy resolver inside a lab host, on UDP and TCP port 53 of one address: it answers every A query with the same
/// <see cref="Marker"/> address (so a client can tell which resolver answered) and counts the queries it saw. It
/// resolves nothing; it exists so that DNS leaks are visible (the count) and tunnelled DNS can be shown to work.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DnsResponder : IAsyncDisposable
{
    /// <summary>The DNS port.</summary>
    public const int Port = 53;

    private const int TcpBacklog = 16;
    private const int LengthPrefixSize = 2;

    private readonly Socket _udp;
    private readonly TcpAcceptLoop _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private long _udpQueries;
    private long _tcpQueries;

    private DnsResponder(NetworkHost host, IPAddress address, IPAddress marker)
    {
        Host = host;
        Address = address;
        Marker = marker;
        _udp = host.CreateSocket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _udp.Bind(new IPEndPoint(address, Port));
            _tcp = TcpAcceptLoop.Start(host, new IPEndPoint(address, Port), TcpBacklog, ServeTcpAsync);
        }
        catch
        {
            _udp.Dispose();
            throw;
        }

        _udpLoop = ServeUdpAsync();
    }

    /// <summary>The host it runs in.</summary>
    public NetworkHost Host { get; }

    /// <summary>The address it listens on.</summary>
    public IPAddress Address { get; }

    /// <summary>The address every A answer carries.</summary>
    public IPAddress Marker { get; }

    /// <summary>Well-formed queries received over UDP so far.</summary>
    public long UdpQueries => Interlocked.Read(ref _udpQueries);

    /// <summary>Well-formed queries received over TCP so far.</summary>
    public long TcpQueries => Interlocked.Read(ref _tcpQueries);

    /// <summary>All queries so far.</summary>
    public long Queries => UdpQueries + TcpQueries;

    /// <summary>Listens on <paramref name="address"/>:53 (UDP and TCP) inside <paramref name="host"/>; the address must be on one of its interfaces.</summary>
    public static DnsResponder Start(NetworkHost host, IPAddress address, IPAddress marker)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(marker);
        return new DnsResponder(host, address, marker);
    }

    /// <summary>Stops both listeners.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        await _udpLoop;
        await _tcp.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>The address and the counts.</summary>
    public override string ToString() => $"resolver {Address} in {Host} ({UdpQueries} UDP, {TcpQueries} TCP queries)";

    private async Task ServeUdpAsync()
    {
        byte[] query = new byte[DnsMessage.MaxUdpSize];
        byte[] answer = new byte[DnsMessage.MaxUdpSize];
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(query, SocketFlags.None, from, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error for an earlier answer surfaces here on Linux; keep serving
            }

            int length = Answer(query.AsSpan(0, received.ReceivedBytes), answer);
            if (length == 0)
            {
                continue;
            }

            Interlocked.Increment(ref _udpQueries);
            try
            {
                await _udp.SendToAsync(answer.AsMemory(0, length), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // An answer that cannot be sent is the client's loss; the count already has the query.
            }
        }
    }

    private async Task ServeTcpAsync(Socket connection, CancellationToken stop)
    {
        using (connection)
        {
            try
            {
                byte[] prefix = new byte[LengthPrefixSize];
                while (await ReadExactlyAsync(connection, prefix, stop))
                {
                    byte[] query = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
                    if (!await ReadExactlyAsync(connection, query, stop))
                    {
                        return;
                    }

                    byte[] answer = new byte[LengthPrefixSize + query.Length + DnsMessage.MaxUdpSize];
                    int length = Answer(query, answer.AsSpan(LengthPrefixSize));
                    if (length == 0)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _tcpQueries);
                    BinaryPrimitives.WriteUInt16BigEndian(answer, (ushort)length);
                    await connection.SendAsync(answer.AsMemory(0, LengthPrefixSize + length), SocketFlags.None, stop);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private int Answer(ReadOnlySpan<byte> query, Span<byte> answer) =>
        DnsMessage.TryReadQuestion(query, out _, out int questionLength, out ushort type, out ushort questionClass)
            && DnsMessage.HeaderSize + questionLength + 16 <= answer.Length
            ? DnsMessage.WriteAnswer(query, questionLength, type, questionClass, Marker, answer)
            : 0;

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        for (int read = 0; read < buffer.Length;)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
