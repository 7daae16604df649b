using System.Net;
using System.Net.Sockets;

namespace Dvpn.WireGuard.Linux;

public sealed partial class RtNetlinkInterfaceControl
{
    private bool ChangeRoute(LinuxRoute route, bool add)
    {
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(
            buffer,
            add ? RtNetlink.RTM_NEWROUTE : RtNetlink.RTM_DELROUTE,
            add ? (ushort)(NetlinkMessageHeader.NLM_F_CREATE | NetlinkMessageHeader.NLM_F_EXCL) : (ushort)0);
        WriteRouteMessage(ref writer, route, add);

        int errno = _socket.TryExecute(writer.Finish(), null, out string? extendedAck);
        if (errno == 0)
        {
            return true;
        }

        // ENODEV on delete: the output interface is gone, and its routes went with it.
        bool absentOrPresent = add ? errno == Errno.EEXIST : errno is Errno.ESRCH or Errno.ENOENT or Errno.EADDRNOTAVAIL or Errno.ENODEV;
        return absentOrPresent
            ? false
            : throw NetlinkException.FromErrno(errno, $"{(add ? "adding" : "removing")} route {route}{InNamespace}", extendedAck);
    }

    /// <summary>
    /// rtmsg plus RTA_TABLE, RTA_DST (when the prefix is not /0), RTA_OIF, RTA_GATEWAY, RTA_PRIORITY. A delete matches
    /// any scope, protocol and type, as <c>ip route del</c> does.
    /// </summary>
    internal static void WriteRouteMessage(ref NetlinkWriter writer, LinuxRoute route, bool add)
    {
        IPAddress destination = route.Destination.BaseAddress;
        byte family = RtNetlink.FamilyOf(destination);
        if (route.Gateway is { } gw && RtNetlink.FamilyOf(gw) != family)
        {
            throw new ArgumentException($"route {route}: gateway and destination are of different families", nameof(route));
        }

        Span<byte> rtm = writer.AppendFixed(RtNetlink.RtMsgSize);
        rtm[0] = family;
        rtm[1] = (byte)route.Destination.PrefixLength;
        rtm[2] = 0; // rtm_src_len
        rtm[3] = 0; // rtm_tos
        rtm[4] = route.Table < 256 ? (byte)route.Table : (byte)RtNetlink.RT_TABLE_UNSPEC; // larger ids only in RTA_TABLE
        rtm[5] = add ? RtNetlink.RTPROT_BOOT : (byte)0;
        rtm[6] = add ? (route.Gateway is null ? RtNetlink.RT_SCOPE_LINK : RtNetlink.RT_SCOPE_UNIVERSE) : RtNetlink.RT_SCOPE_NOWHERE;
        rtm[7] = add ? RtNetlink.RTN_UNICAST : (byte)0;

        writer.PutU32(RtNetlink.RTA_TABLE, route.Table);
        Span<byte> bytes = stackalloc byte[16];
        if (route.Destination.PrefixLength > 0)
        {
            _ = destination.TryWriteBytes(bytes, out int length);
            writer.Put(RtNetlink.RTA_DST, bytes[..length]);
        }

        if (route.InterfaceIndex > 0)
        {
            writer.PutU32(RtNetlink.RTA_OIF, (uint)route.InterfaceIndex);
        }

        if (route.Gateway is { } gateway)
        {
            _ = gateway.TryWriteBytes(bytes, out int length);
            writer.Put(RtNetlink.RTA_GATEWAY, bytes[..length]);
        }

        if (route.Metric is uint metric)
        {
            writer.PutU32(RtNetlink.RTA_PRIORITY, metric);
        }
    }

    private List<LinuxRoute> DumpRoutes(AddressFamily family)
    {
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, RtNetlink.RTM_GETROUTE, NetlinkMessageHeader.NLM_F_DUMP);
        Span<byte> rtm = writer.AppendFixed(RtNetlink.RtMsgSize);
        rtm[0] = family switch
        {
            AddressFamily.InterNetwork => RtNetlink.AF_INET,
            AddressFamily.InterNetworkV6 => RtNetlink.AF_INET6,
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "IPv4 or IPv6"),
        };

        var routes = new List<LinuxRoute>();
        _socket.Execute(writer.Finish(), (in NetlinkMessageHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == RtNetlink.RTM_NEWROUTE && TryParseRoute(payload, out LinuxRoute? route))
            {
                routes.Add(route);
            }
        }, $"RTM_GETROUTE dump{InNamespace}");
        return routes;
    }

    /// <summary>Parses one RTM_NEWROUTE; false for non-unicast routes (local, broadcast, multicast) and garbage.</summary>
    internal static bool TryParseRoute(ReadOnlySpan<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LinuxRoute? route)
    {
        route = null;
        if (payload.Length < RtNetlink.RtMsgSize)
        {
            return false;
        }

        byte family = payload[0];
        byte prefix = payload[1];
        uint table = payload[4];
        byte type = payload[7];
        if (type != RtNetlink.RTN_UNICAST || family is not (RtNetlink.AF_INET or RtNetlink.AF_INET6)
            || prefix > (family == RtNetlink.AF_INET ? 32 : 128))
        {
            return false;
        }

        IPAddress destination = family == RtNetlink.AF_INET ? IPAddress.Any : IPAddress.IPv6Any;
        IPAddress? gateway = null;
        int oif = 0;
        uint? metric = null;
        var reader = new NetlinkAttributeReader(payload[RtNetlink.RtMsgSize..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            switch (attribute.Type)
            {
                case RtNetlink.RTA_DST when RtNetlink.TryReadAddress(family, attribute.Payload, out IPAddress? d):
                    destination = d;
                    break;
                case RtNetlink.RTA_GATEWAY when RtNetlink.TryReadAddress(family, attribute.Payload, out IPAddress? g):
                    gateway = g;
                    break;
                case RtNetlink.RTA_OIF when attribute.TryGetU32(out uint o):
                    oif = (int)o;
                    break;
                case RtNetlink.RTA_PRIORITY when attribute.TryGetU32(out uint p):
                    metric = p;
                    break;
                case RtNetlink.RTA_TABLE when attribute.TryGetU32(out uint t):
                    table = t;
                    break;
            }
        }

        if (reader.IsMalformed)
        {
            return false;
        }

        route = new LinuxRoute
        {
            Destination = new IPNetwork(RtNetlink.MaskHostBits(destination, prefix), prefix),
            Gateway = gateway,
            InterfaceIndex = oif,
            Table = table,
            Metric = metric,
        };
        return true;
    }
}
