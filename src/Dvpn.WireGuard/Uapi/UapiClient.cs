using System.Net.Sockets;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Uapi;

/// <summary>
/// A client of the WireGuard cross-platform userspace API (wireguard.com/xplatform) on a Unix socket, usually
/// <c>/var/run/wireguard/&lt;name&gt;.sock</c>. Each call opens its own connection, so one client may be used
/// concurrently. Replies are parsed defensively (size and line caps, strict numbers, keys, endpoints and networks);
/// requests and replies that held keys are wiped from memory after use.
/// </summary>
public sealed class UapiClient
{
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client of the socket at <paramref name="socketPath"/>.</summary>
    /// <param name="socketPath">The Unix socket path.</param>
    /// <param name="operationTimeout">Deadline of one exchange (connect, request, whole reply). Default 5 s.</param>
    /// <param name="logger">Where to log; nothing by default. Key material is never logged.</param>
    /// <param name="timeProvider">The clock for the deadline; <see cref="TimeProvider.System"/> by default.</param>
    public UapiClient(string socketPath, TimeSpan? operationTimeout = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        _timeout = operationTimeout ?? TimeSpan.FromSeconds(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero, nameof(operationTimeout));
        SocketPath = socketPath;
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The Unix socket path.</summary>
    public string SocketPath { get; }

    /// <summary>Reads the device's configuration and statistics (<c>get=1</c>).</summary>
    /// <exception cref="UapiProtocolException">The reply is not valid UAPI.</exception>
    /// <exception cref="UapiErrnoException">The device answered with a non-zero errno.</exception>
    /// <exception cref="WireGuardException">The socket cannot be reached or the exchange timed out.</exception>
    public async Task<DeviceState> GetAsync(CancellationToken cancellationToken = default)
    {
        using UapiBuffer request = new(16);
        request.Append("get=1\n\n"u8);
        using UapiBuffer reply = await ExchangeAsync("get", request, cancellationToken).ConfigureAwait(false);
        if (!UapiGetParser.TryParseReply(reply.WrittenSpan, _logger, out long errno, out DeviceState? state, out UapiParseError error))
        {
            throw error.ToException();
        }

        return errno != 0 ? throw new UapiErrnoException("get", errno) : state!;
    }

    /// <summary>Applies <paramref name="configuration"/> (<c>set=1</c>); see <see cref="IWireGuardDevice.ApplyAsync"/>.</summary>
    /// <exception cref="UapiProtocolException">The reply is not valid UAPI.</exception>
    /// <exception cref="UapiErrnoException">The device rejected the configuration (non-zero errno).</exception>
    /// <exception cref="WireGuardException">The socket cannot be reached or the exchange timed out.</exception>
    public async Task SetAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        using UapiBuffer request = new();
        UapiSetWriter.Write(configuration, request);
        using UapiBuffer reply = await ExchangeAsync("set", request, cancellationToken).ConfigureAwait(false);
        if (!UapiReply.TryParseErrno(reply.WrittenSpan, out long errno, out int bodyLength, out _, out UapiParseError error))
        {
            throw error.ToException();
        }

        if (bodyLength != 0)
        {
            throw new UapiParseError("lines before errno in a set reply", 1).ToException();
        }

        if (errno != 0)
        {
            throw new UapiErrnoException("set", errno);
        }
    }

    /// <summary>True when something answers a <c>get</c> on the socket with a valid reply.</summary>
    internal async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await GetAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WireGuardException)
        {
            return false;
        }
    }

    private async Task<UapiBuffer> ExchangeAsync(string operation, UapiBuffer request, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = new(_timeout, _timeProvider);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using Socket socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        UapiBuffer reply = new();
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), linked.Token).ConfigureAwait(false);
            await socket.SendAsync(request.WrittenMemory, SocketFlags.None, linked.Token).ConfigureAwait(false);
            await UapiReplyReader.ReadAsync(socket, reply, linked.Token).ConfigureAwait(false);
            UapiLog.OperationDone(_logger, operation, SocketPath);
            return reply;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            reply.Dispose();
            throw new WireGuardException($"UAPI {operation} on {SocketPath} timed out after {_timeout}", isTransient: true,
                new TimeoutException(e.Message, e));
        }
        catch (SocketException e)
        {
            reply.Dispose();
            throw new WireGuardException($"UAPI {operation} on {SocketPath} failed: {e.SocketErrorCode} ({e.Message})",
                isTransient: e.SocketErrorCode is SocketError.ConnectionReset or SocketError.TryAgain, e);
        }
        catch
        {
            reply.Dispose();
            throw;
        }
    }
}
