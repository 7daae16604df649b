using System.Runtime.Versioning;

namespace Dvpn.WireGuard.Linux;

/// <summary>A resolved generic netlink family: its dynamic message type id and its version.</summary>
internal readonly record struct GenericNetlinkFamily(ushort Id, uint Version);

/// <summary>Generic netlink's controller (nlctrl, linux/genetlink.h): family lookup by name.</summary>
internal static class GenericNetlink
{
    /// <summary>sizeof(struct genlmsghdr): cmd u8, version u8, reserved u16.</summary>
    public const int HeaderSize = 4;

    public const ushort GENL_ID_CTRL = 0x10;
    public const byte CTRL_CMD_GETFAMILY = 3;
    public const byte CtrlVersion = 1;
    public const ushort CTRL_ATTR_FAMILY_ID = 1;
    public const ushort CTRL_ATTR_FAMILY_NAME = 2;
    public const ushort CTRL_ATTR_VERSION = 3;

    private const int RequestBufferSize = 128;

    /// <summary>Writes a genlmsghdr after the netlink header.</summary>
    public static void WriteHeader(ref NetlinkWriter writer, byte command, byte version)
    {
        Span<byte> genl = writer.AppendFixed(HeaderSize);
        genl[0] = command;
        genl[1] = version;
    }

    /// <summary>
    /// Looks <paramref name="name"/> up; false when the kernel has no such family (ENOENT). The kernel may try to
    /// load a module for the family first (request_module "net-pf-16-proto-16-family-NAME").
    /// </summary>
    [SupportedOSPlatform("linux")]
    public static bool TryResolveFamily(NetlinkSocket socket, string name, out GenericNetlinkFamily family)
    {
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, GENL_ID_CTRL, 0);
        WriteHeader(ref writer, CTRL_CMD_GETFAMILY, CtrlVersion);
        writer.PutString(CTRL_ATTR_FAMILY_NAME, name);

        GenericNetlinkFamily found = default;
        bool parsed = false;
        int errno = socket.TryExecute(writer.Finish(), (in NetlinkMessageHeader header, ReadOnlySpan<byte> payload) =>
        {
            if (header.Type == GENL_ID_CTRL)
            {
                parsed = TryParseFamily(payload, out found);
            }
        }, out string? extendedAck);

        family = found;
        if (errno == Errno.ENOENT)
        {
            return false;
        }

        if (errno != 0)
        {
            throw NetlinkException.FromErrno(errno, $"resolving generic netlink family '{name}'", extendedAck);
        }

        return parsed ? true : throw NetlinkException.Malformed($"the controller's answer for '{name}' has no family id");
    }

    /// <summary>Reads CTRL_ATTR_FAMILY_ID and CTRL_ATTR_VERSION from a CTRL_CMD_NEWFAMILY payload.</summary>
    public static bool TryParseFamily(ReadOnlySpan<byte> payload, out GenericNetlinkFamily family)
    {
        family = default;
        if (payload.Length < HeaderSize)
        {
            return false;
        }

        ushort? id = null;
        uint version = 0;
        var reader = new NetlinkAttributeReader(payload[HeaderSize..]);
        while (reader.TryReadNext(out NetlinkAttribute attribute))
        {
            if (attribute.Type == CTRL_ATTR_FAMILY_ID && attribute.TryGetU16(out ushort value))
            {
                id = value;
            }
            else if (attribute.Type == CTRL_ATTR_VERSION)
            {
                _ = attribute.TryGetU32(out version);
            }
        }

        if (reader.IsMalformed || id is not ushort familyId)
        {
            return false;
        }

        family = new GenericNetlinkFamily(familyId, version);
        return true;
    }
}
