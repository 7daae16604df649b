using System.Net;
using System.Net.Sockets;
using Dvpn.Control.Server.Transport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.Control.Server.Tests;

/// <summary>A real Kestrel gRPC server on a control socket in a temporary directory, set up the way dvpnd does it.</summary>
internal sealed class ControlServer : IAsyncDisposable
{
    public const string OperatorGroup = "dvpntest";
    public const uint OperatorGid = 4242;

    private readonly WebApplication _app;
    private readonly BoundControlSocket _socket;

    private ControlServer(WebApplication app, BoundControlSocket socket, ControlSocketOptions options)
    {
        _app = app;
        _socket = socket;
        Options = options;
    }

    public ControlSocketOptions Options { get; }

    public string SocketPath => _socket.Path;

    /// <summary>The TCP address, if the server was started with one (a misconfiguration the API must survive).</summary>
    public string? TcpAddress { get; private init; }

    public static async Task<ControlServer> StartAsync(TempRoot root, bool alsoListenOnTcp = false)
    {
        var options = root.SocketOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddDvpnControlAuthorization(ProbeService.Access, o =>
        {
            o.OperatorGroup = OperatorGroup;
            o.GroupFile = root.GroupFile;
        });

        var socket = UnixSocketListenerSetup.Bind(options, NullLogger.Instance);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenControlSocket(socket);
            if (alsoListenOnTcp)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        var app = builder.Build();
        app.MapGrpcService<ProbeService>();
        try
        {
            // StartAsync returns once Kestrel accepts on the socket: the readiness signal, no sleep.
            await app.StartAsync();
        }
        catch
        {
            socket.Dispose();
            await app.DisposeAsync();
            throw;
        }

        return new ControlServer(app, socket, options)
        {
            TcpAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .FirstOrDefault(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)),
        };
    }

    public static GrpcChannel Connect(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await client.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                        return new NetworkStream(client, ownsSocket: true);
                    }
                    catch
                    {
                        client.Dispose();
                        throw;
                    }
                },
            },
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _socket.Dispose();
    }
}
