namespace Dvpn.WireGuard.Userspace.Messages;

/// <summary>The 4-byte header shared by all messages: type, then three reserved zero bytes.</summary>
internal static class MessageHeader
{
    /// <summary>Header length.</summary>
    public const int Size = 4;

    /// <summary>Writes the header.</summary>
    public static void Write(MessageType type, Span<byte> destination)
    {
        destination[0] = (byte)type;
        destination[1..Size].Clear();
    }

    /// <summary>Whether <paramref name="message"/> starts with a well-formed header of <paramref name="type"/>.</summary>
    public static bool Is(ReadOnlySpan<byte> message, MessageType type) =>
        message.Length >= Size && message[0] == (byte)type && message[1] == 0 && message[2] == 0 && message[3] == 0;
}
