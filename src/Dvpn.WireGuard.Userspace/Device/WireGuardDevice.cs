using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Dvpn.WireGuard.Userspace.Io;
using Dvpn.WireGuard.Userspace.Noise;
using Dvpn.WireGuard.Userspace.Routing;
using Dvpn.WireGuard.Userspace.Uapi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dvpn.WireGuard.Userspace.Device;

/// <summary>
/// A WireGuard interface in managed code: the engine between an <see cref="IPacketInterface"/> (IP packets) and an
/// <see cref="IDatagramTransport"/> (UDP). Three dedicated threads: one reads the interface and seals (the send
/// path), one receives datagrams and opens data (the receive path), one consumes handshake messages so that a flood
/// of them (public-key work) never stalls data. Configured through <see cref="IUapiDevice"/> (the UAPI server, or
/// directly). Split by concern: configuration, receive, send, handshakes.
/// </summary>
internal sealed partial class WireGuardDevice : IUapiDevice, IDisposable
{
    private readonly IPacketInterface _interface;
    private readonly Func<ushort, IDatagramTransport> _bind;
    private readonly Lock _configGate = new();
    private readonly Dictionary<PublicKeyId, Peer> _peers = [];
    private readonly List<Peer> _peerOrder = [];
    private readonly Channel<HandshakeWork> _handshakes = Channel.CreateBounded<HandshakeWork>(
        new BoundedChannelOptions(Limits.HandshakeQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CookieChecker _cookies;
    private readonly CancellationTokenSource _stopping = new();
    private IDatagramTransport _transport;
    private StaticIdentity? _identity;
    private ushort _configuredPort;
    private uint _firewallMark;
    private Thread? _sendThread;
    private Thread? _receiveThread;
    private Task? _handshakeWorker;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state; // 0 new, 1 running, 2 disposed

    /// <summary>
    /// Creates the device over <paramref name="packetInterface"/>; <paramref name="bind"/> opens the UDP side on a
    /// port (0: any) and is called again when the listen port changes. Nothing runs until <see cref="Start"/>.
    /// </summary>
    public WireGuardDevice(IPacketInterface packetInterface, Func<ushort, IDatagramTransport> bind, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(packetInterface);
        ArgumentNullException.ThrowIfNull(bind);
        _interface = packetInterface;
        _bind = bind;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        _cookies = new CookieChecker(TimeProvider);
        _transport = bind(0);
    }

    /// <summary>The interface name.</summary>
    public string Name => _interface.Name;

    /// <summary>The clock of every timer, timestamp and session age.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Where the engine logs.</summary>
    public ILogger Logger { get; }

    /// <summary>What was dropped, and why.</summary>
    public DeviceCounters Counters { get; } = new();

    /// <summary>Our static identity, or null before a private key is set.</summary>
    public StaticIdentity? Identity => Volatile.Read(ref _identity);

    /// <summary>Index → <see cref="Keypair"/> or <see cref="PendingInitiation"/>: how receiver indexes find their session.</summary>
    internal ConcurrentDictionary<uint, object> Indexes { get; } = new();

    /// <summary>Cryptokey routing: which peer owns which addresses.</summary>
    internal AllowedIpsTable<Peer> AllowedIps { get; } = new();

    /// <summary>The UDP port in use.</summary>
    public ushort ListenPort => Volatile.Read(ref _transport).Port;

    /// <summary>Whether <see cref="Start"/> ran and the device is not disposed.</summary>
    public bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// Completes when the device stops working on its own: the interface went away (deleted by someone) or a loop
    /// failed (faulted with the cause). Not completed by <see cref="Dispose"/>.
    /// </summary>
    public Task Closed => _closed.Task;

    /// <summary>Starts the send, receive and handshake threads.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The device was already started or disposed.");
        }

        _sendThread = new Thread(SendLoop) { IsBackground = true, Name = $"wg-send {Name}" };
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"wg-recv {Name}" };
        _sendThread.Start();
        _receiveThread.Start();
        _handshakeWorker = Task.Run(HandshakeLoopAsync);
        DeviceLog.Started(Logger, Name, ListenPort);

        // Peers configured before start with a persistent keepalive announce themselves now (wireguard-go does on up).
        foreach (Peer peer in GetPeers())
        {
            if (peer.PersistentKeepaliveInterval > 0)
            {
                peer.SendKeepalive();
            }
        }
    }

    /// <summary>The peers, in the order they were added.</summary>
    public IReadOnlyList<Peer> GetPeers()
    {
        lock (_configGate)
        {
            return [.. _peerOrder];
        }
    }

    /// <summary>The peer with this public key, or null.</summary>
    public Peer? FindPeer(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            return null;
        }

        PublicKeyId id = PublicKeyId.From(publicKey);
        lock (_configGate)
        {
            return _peers.GetValueOrDefault(id);
        }
    }

    /// <summary>Sends one datagram; false (counted) when the network refused it.</summary>
    internal bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (Volatile.Read(ref _transport).Send(datagram, destination))
        {
            return true;
        }

        Interlocked.Increment(ref Counters._sendFailed);
        return false;
    }

    /// <summary>Removes a session from the index table and zeroes it.</summary>
    internal void RetireKeypair(Keypair? keypair)
    {
        if (keypair is null)
        {
            return;
        }

        RemoveIndex(keypair.LocalIndex, keypair);
        keypair.Dispose();
    }

    /// <summary>Removes an index only while it still maps to <paramref name="owner"/>.</summary>
    internal void RemoveIndex(uint index, object owner) => Indexes.TryRemove(new KeyValuePair<uint, object>(index, owner));

    /// <summary>The UDP side in use (it changes with the listen port).</summary>
    internal IDatagramTransport Transport => Volatile.Read(ref _transport);

    internal SocketAddress ToSocketAddress(IPEndPoint endpoint) => Volatile.Read(ref _transport).ToSocketAddress(endpoint);

    internal IPEndPoint ToEndPoint(SocketAddress address) => Volatile.Read(ref _transport).ToEndPoint(address);

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        _stopping.Cancel();
        _handshakes.Writer.TryComplete();
        _interface.Dispose();
        Volatile.Read(ref _transport).Dispose();
        _sendThread?.Join(TimeSpan.FromSeconds(5));
        _receiveThread?.Join(TimeSpan.FromSeconds(5));
        try
        {
            _handshakeWorker?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // logged by the loop itself
        }

        lock (_configGate)
        {
            foreach (Peer peer in _peerOrder)
            {
                peer.Dispose();
            }

            _peers.Clear();
            _peerOrder.Clear();
            AllowedIps.Clear();
            _identity?.Dispose();
            _identity = null;
        }

        _cookies.Dispose();
        _stopping.Dispose();
        DeviceLog.Stopped(Logger, Name);
    }
}
