using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>
/// A UAPI server on a real Unix socket in a temporary directory that answers each request with whatever the test
/// says, garbage included. Records the requests it received.
/// </summary>
internal sealed class FakeUapiServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly Func<string, Socket, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="respond">Given the request text and the connection; the connection is closed when it returns.</param>
    public FakeUapiServer(Func<string, Socket, Task> respond)
    {
        Directory = Path.Combine(Path.GetTempPath(), "dvt-uapi-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        SocketPath = Path.Combine(Directory, "wg0.sock");
        _respond = respond;
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        _loop = AcceptLoopAsync();
    }

    public string Directory { get; }

    public string SocketPath { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public TaskCompletionSource RequestReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A server that sends <paramref name="reply"/> verbatim and closes.</summary>
    public static FakeUapiServer Replying(byte[] reply) => new(async (_, socket) => await socket.SendAsync(reply));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        System.IO.Directory.Delete(Directory, recursive: true);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection = await _listener.AcceptAsync(_stop.Token);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                byte[] buffer = new byte[65536];
                int length = 0;
                while (length < 2 || buffer[length - 1] != '\n' || buffer[length - 2] != '\n')
                {
                    int read = await connection.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                }

                string request = Encoding.ASCII.GetString(buffer, 0, length);
                Requests.Enqueue(request);
                RequestReceived.TrySetResult();
                await _respond(request, connection);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up first (caps, timeouts): expected in these tests.
            }
        }
    }
}
