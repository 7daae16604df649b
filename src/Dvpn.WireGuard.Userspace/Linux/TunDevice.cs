using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using Dvpn.WireGuard.Linux;
using Dvpn.WireGuard.Userspace.Io;

namespace Dvpn.WireGuard.Userspace.Linux;

/// <summary>
/// A Linux TUN interface (IFF_TUN | IFF_NO_PI: whole IP packets, no packet-information header) as the engine's
/// <see cref="IPacketInterface"/>. The device lives as long as this object: disposing closes the descriptor, which
/// deletes the interface. <see cref="Read"/> and <see cref="Write"/> may run concurrently on two threads.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class TunDevice : IPacketInterface
{
    /// <summary>WireGuard's usual MTU: 1500 minus the largest (IPv6) outer overhead of 80 bytes.</summary>
    public const int DefaultMtu = 1420;

    private readonly TunFileHandle _tun;
    private readonly EventFdHandle _wake;

    // The SIOC*IF* requests need a socket of the device's namespace; the TUN descriptor does not answer them.
    private readonly Socket _control;
    private readonly TcpSegmenter? _segmenter;
    private long _writeErrors;
    private long _readDropped;
    private int _lastWriteErrno;
    private int _disposed;

    private TunDevice(string name, string? networkNamespace, TunFileHandle tun, EventFdHandle wake, Socket control, bool offloads)
    {
        _segmenter = offloads ? new TcpSegmenter() : null;
        Name = name;
        NetworkNamespace = networkNamespace;
        _tun = tun;
        _wake = wake;
        _control = control;
    }

    /// <summary>The interface name the kernel gave (the asked one, or <c>tunN</c> when none was asked for).</summary>
    public string Name { get; }

    /// <summary>The named network namespace the device was created in, or null for the caller's own.</summary>
    public string? NetworkNamespace { get; }

    /// <summary>
    /// The interface MTU, read from and written to the kernel on every access (SIOCGIFMTU / SIOCSIFMTU), so a change
    /// made with <c>ip link set mtu</c> shows; callers on the data path should read it once.
    /// </summary>
    /// <exception cref="WireGuardException">The kernel refused the request (for example an MTU out of range).</exception>
    /// <exception cref="ObjectDisposedException">The device is disposed.</exception>
    public unsafe int Mtu
    {
        get
        {
            Interop.InterfaceRequest request = NewRequest(Name);
            InterfaceIoctl(Interop.SIOCGIFMTU, &request, "SIOCGIFMTU");
            return request.Mtu;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Interop.InterfaceRequest request = NewRequest(Name);
            request.Mtu = value;
            InterfaceIoctl(Interop.SIOCSIFMTU, &request, $"SIOCSIFMTU {value}");
        }
    }

    /// <summary>Packets <see cref="Write"/> could not hand to the kernel (counted, never thrown, as a NIC drops).</summary>
    public long WriteErrors => Interlocked.Read(ref _writeErrors);

    /// <inheritdoc />
    public bool HasBufferedPacket => _segmenter?.HasPending ?? false;

    /// <summary>Whether the device takes large TCP segments and unfinished checksums from the kernel (IFF_VNET_HDR + TUNSETOFFLOAD).</summary>
    public bool Offloads => _segmenter is not null;

    /// <summary>Reads dropped because the offloaded packet could not be segmented (malformed or not TCP).</summary>
    public long ReadDropped => Interlocked.Read(ref _readDropped);

    /// <summary>The errno of the latest failed <see cref="Write"/>, 0 if none failed (for diagnostics).</summary>
    public int LastWriteErrno => Volatile.Read(ref _lastWriteErrno);

    /// <summary>
    /// Creates a TUN interface named <paramref name="name"/> (empty: the kernel picks <c>tunN</c>; a <c>%d</c> in
    /// the name is numbered by the kernel) with MTU <paramref name="mtu"/>, inside the named
    /// <paramref name="networkNamespace"/> when given (the descriptor keeps the interface there). The link stays down
    /// until <see cref="SetUp"/> or <c>ip link set NAME up</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid interface name.</exception>
    /// <exception cref="WireGuardException">The device cannot be created (not root, no /dev/net/tun, name taken); the message says why.</exception>
    /// <exception cref="NetlinkException">The namespace does not exist or cannot be entered.</exception>
    public static TunDevice Create(string name, int mtu = DefaultMtu, string? networkNamespace = null, bool offloads = false)
    {
        ValidateName(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mtu);
        return networkNamespace is null
            ? Open(name, mtu, null, offloads)
            : Dvpn.WireGuard.Linux.NetworkNamespace.RunIn(networkNamespace, () => Open(name, mtu, networkNamespace, offloads));
    }

    /// <summary>Brings the link up (SIOCSIFFLAGS with IFF_UP added to the current flags).</summary>
    /// <exception cref="WireGuardException">The kernel refused.</exception>
    public unsafe void SetUp()
    {
        Interop.InterfaceRequest request = NewRequest(Name);
        InterfaceIoctl(Interop.SIOCGIFFLAGS, &request, "SIOCGIFFLAGS");
        request.Flags |= Interop.IFF_UP;
        InterfaceIoctl(Interop.SIOCSIFFLAGS, &request, "SIOCSIFFLAGS IFF_UP");
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is empty or a usable interface name.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return;
        }

        bool bad = name is "." or ".."
            || Encoding.UTF8.GetByteCount(name) >= Interop.InterfaceNameSize
            || name.AsSpan().IndexOfAny("/: \t\n\0") >= 0;
        if (bad)
        {
            throw new ArgumentException($"'{name}' is not a valid interface name (at most 15 bytes, no '/', ':' or spaces)", nameof(name));
        }
    }

    private static unsafe TunDevice Open(string name, int mtu, string? networkNamespace, bool offloads)
    {
        TunFileHandle? tun = null;
        EventFdHandle? wake = null;
        Socket? control = null;
        try
        {
            tun = TunFileHandle.Open();
            Interop.InterfaceRequest request = NewRequest(name);
            request.Flags = (short)(Interop.IFF_TUN | Interop.IFF_NO_PI | (offloads ? Interop.IFF_VNET_HDR : 0));
            if (Interop.Ioctl(tun, Interop.TUNSETIFF, &request) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                string advice = errno switch
                {
                    Interop.EPERM or Interop.EACCES => "run as root or grant CAP_NET_ADMIN",
                    Interop.EBUSY => "an interface of that name already exists and is in use",
                    Interop.EINVAL => "the name is taken by an interface that is not a TUN device, or is invalid",
                    _ => "check the name and the host's TUN support",
                };
                throw new WireGuardException($"Cannot create TUN interface '{name}': {Interop.Describe(errno)}; {advice}.", isTransient: false);
            }

            // TUNSETIFF writes the final name back (it differs when the kernel chose or numbered it).
            string actual = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(request.Name));
            // With the header on, announce what we can take: unfinished checksums and TCP segments up to 64 KiB. A kernel
            // that refuses still sends headers (all zeros): the read path handles both.
            if (offloads)
            {
                _ = Interop.IoctlValue(tun, Interop.TUNSETOFFLOAD,
                    Interop.TUN_F_CSUM | Interop.TUN_F_TSO4 | Interop.TUN_F_TSO6 | Interop.TUN_F_TSO_ECN);
            }

            wake = EventFdHandle.Create();
            control = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var device = new TunDevice(actual, networkNamespace, tun, wake, control, offloads);
            device.Mtu = mtu;
            return device;
        }
        catch
        {
            control?.Dispose();
            wake?.Dispose();
            tun?.Dispose();
            throw;
        }
    }

    private static unsafe Interop.InterfaceRequest NewRequest(string name)
    {
        Interop.InterfaceRequest request = default;
        _ = Encoding.UTF8.GetBytes(name, new Span<byte>(request.Name, Interop.InterfaceNameSize - 1));
        return request;
    }

    private unsafe void InterfaceIoctl(uint command, Interop.InterfaceRequest* request, string what)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interop.Ioctl(_control.SafeHandle, command, request) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new WireGuardException($"{what} on '{Name}' failed: {Interop.Describe(errno)}.", isTransient: false);
        }
    }
}
