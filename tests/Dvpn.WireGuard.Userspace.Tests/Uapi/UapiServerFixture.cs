using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dvpn.WireGuard.Userspace.Uapi;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

/// <summary>A started server with a fake device, in a private directory or in /var/run/wireguard (for wg(8)).</summary>
internal sealed class UapiServerFixture : IAsyncDisposable
{
    private readonly string? _temporaryDirectory;

    private UapiServerFixture(string name, string directory, string? temporaryDirectory)
    {
        _temporaryDirectory = temporaryDirectory;
        Name = name;
        Server = new UapiServer(name, Device, NullLogger.Instance, new UapiServerOptions { SocketDirectory = directory });
    }

    public string Name { get; }

    public FakeUapiDevice Device { get; } = new();

    public UapiServer Server { get; }

    public static string UniqueName() => "dvt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>A server whose socket lives in a fresh temporary directory.</summary>
    public static UapiServerFixture StartPrivate()
    {
        string directory = Directory.CreateTempSubdirectory("dvpn-uapi-").FullName;
        UapiServerFixture fixture = new(UniqueName(), directory, directory);
        fixture.Server.Start();
        return fixture;
    }

    /// <summary>A server in /var/run/wireguard, where wg(8) looks.</summary>
    public static UapiServerFixture StartInWireGuardDirectory()
    {
        UapiServerFixture fixture = new(UniqueName(), UapiServerOptions.DefaultSocketDirectory, null);
        fixture.Server.Start();
        return fixture;
    }

    public async Task<Socket> ConnectAsync()
    {
        Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Server.SocketPath));
        return socket;
    }

    /// <summary>Sends <paramref name="request"/> and reads until the reply's empty line (or the end of the connection).</summary>
    public static async Task<string> ExchangeAsync(Socket socket, string request)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return await ReadReplyAsync(socket);
    }

    public static async Task<string> ReadReplyAsync(Socket socket)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(10));
        StringBuilder reply = new();
        byte[] buffer = new byte[4096];
        while (!reply.ToString().EndsWith("\n\n", StringComparison.Ordinal))
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break; // the server closed with our unread request in its queue
            }

            if (received == 0)
            {
                break;
            }

            reply.Append(Encoding.ASCII.GetString(buffer, 0, received));
        }

        return reply.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_temporaryDirectory is not null)
        {
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }
}
