using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Dvpn.Devnet.Leak;

/// <summary>
/// The few parts of DNS (RFC 1035 §4.1) the leak lab's resolvers and its traffic generator need: a query with one
/// question, and an answer with one A record. Untrusted input is read with <see cref="TryReadQuestion"/>, which never
/// throws.
/// </summary>
public static class DnsMessage
{
    /// <summary>The fixed header (§4.1.1): ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT.</summary>
    public const int HeaderSize = 12;

    /// <summary>QTYPE A (§3.2.2).</summary>
    public const ushort TypeA = 1;

    /// <summary>QCLASS IN (§3.2.4).</summary>
    public const ushort ClassIn = 1;

    /// <summary>The largest UDP message without EDNS (§4.2.1).</summary>
    public const int MaxUdpSize = 512;

    private const int MaxNameLength = 255;
    private const int MaxLabelLength = 63;
    private const int QuestionTailSize = 4; // QTYPE + QCLASS
    private const ushort FlagResponse = 0x8000;
    private const ushort FlagRecursionDesired = 0x0100;
    private const ushort FlagRecursionAvailable = 0x0080;
    private const ushort RcodeNotImplemented = 4;
    private const ushort CompressedPointerToQuestion = 0xC000 | HeaderSize;
    private const int AnswerFixedSize = 2 + 2 + 2 + 4 + 2; // NAME pointer, TYPE, CLASS, TTL, RDLENGTH
    private const int AddressSize = 4;
    private const uint AnswerTtl = 60;

    /// <summary>
    /// Reads the header and the first question of a query. False (never an exception) for anything that is not a
    /// well-formed query with at least one question: a response, a truncated header, a bad label, a name too long.
    /// </summary>
    /// <param name="message">The message as received.</param>
    /// <param name="id">The query's ID.</param>
    /// <param name="questionLength">The length of the first question (name, type, class) after the header.</param>
    /// <param name="type">Its QTYPE.</param>
    /// <param name="questionClass">Its QCLASS.</param>
    public static bool TryReadQuestion(ReadOnlySpan<byte> message, out ushort id, out int questionLength, out ushort type, out ushort questionClass)
    {
        id = 0;
        questionLength = 0;
        type = 0;
        questionClass = 0;
        if (message.Length < HeaderSize)
        {
            return false;
        }

        id = BinaryPrimitives.ReadUInt16BigEndian(message);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        ushort questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        if ((flags & FlagResponse) != 0 || questions == 0)
        {
            return false;
        }

        int offset = HeaderSize;
        int nameLength = 0;
        while (true)
        {
            if (offset >= message.Length)
            {
                return false;
            }

            int label = message[offset];
            if (label == 0)
            {
                offset++;
                break;
            }

            // A query's question carries no compression pointers (0xC0) and no extended label types.
            if (label > MaxLabelLength)
            {
                return false;
            }

            nameLength += label + 1;
            offset += label + 1;
            if (nameLength > MaxNameLength)
            {
                return false;
            }
        }

        if (message.Length - offset < QuestionTailSize)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        questionClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        questionLength = offset + QuestionTailSize - HeaderSize;
        return true;
    }

    /// <summary>
    /// Writes the answer to <paramref name="query"/> (whose first question is <paramref name="questionLength"/> long,
    /// see <see cref="TryReadQuestion"/>): an A/IN question gets one A record with <paramref name="address"/>, anything
    /// else NOTIMP. Returns the bytes written.
    /// </summary>
    public static int WriteAnswer(ReadOnlySpan<byte> query, int questionLength, ushort type, ushort questionClass, IPAddress address, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("An A record holds an IPv4 address.", nameof(address));
        }

        bool answered = type == TypeA && questionClass == ClassIn;
        int size = HeaderSize + questionLength + (answered ? AnswerFixedSize + AddressSize : 0);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The answer needs {size} bytes.", nameof(destination));
        }

        ushort queryFlags = BinaryPrimitives.ReadUInt16BigEndian(query[2..]);
        ushort flags = (ushort)(FlagResponse | FlagRecursionAvailable | (queryFlags & FlagRecursionDesired) | (answered ? 0 : RcodeNotImplemented));
        query[..2].CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)(answered ? 1 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0);
        query.Slice(HeaderSize, questionLength).CopyTo(destination[HeaderSize..]);
        if (answered)
        {
            Span<byte> record = destination[(HeaderSize + questionLength)..];
            BinaryPrimitives.WriteUInt16BigEndian(record, CompressedPointerToQuestion);
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], TypeA);
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], ClassIn);
            BinaryPrimitives.WriteUInt32BigEndian(record[6..], AnswerTtl);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], AddressSize);
            address.TryWriteBytes(record[AnswerFixedSize..], out _);
        }

        return size;
    }

    /// <summary>Writes a query for <paramref name="name"/> (dotted, ASCII labels) type A, recursion desired; returns its length.</summary>
    public static int WriteQuery(ushort id, string name, Span<byte> destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        destination[..HeaderSize].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], FlagRecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        int offset = HeaderSize;
        foreach (string label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (label.Length > MaxLabelLength || !label.All(char.IsAscii))
            {
                throw new ArgumentException($"'{label}' is not a DNS label.", nameof(name));
            }

            destination[offset++] = (byte)label.Length;
            foreach (char c in label)
            {
                destination[offset++] = (byte)c;
            }
        }

        destination[offset++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], TypeA);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], ClassIn);
        return offset + QuestionTailSize;
    }

    /// <summary>
    /// The address of the first A record of a response to query <paramref name="id"/>; false (never an exception) for
    /// anything else. Only what <see cref="WriteAnswer"/> writes is understood: one question, then the answer.
    /// </summary>
    public static bool TryReadAnswer(ReadOnlySpan<byte> message, ushort id, out IPAddress? address)
    {
        address = null;
        if (message.Length < HeaderSize
            || BinaryPrimitives.ReadUInt16BigEndian(message) != id
            || (BinaryPrimitives.ReadUInt16BigEndian(message[2..]) & FlagResponse) == 0
            || BinaryPrimitives.ReadUInt16BigEndian(message[6..]) == 0)
        {
            return false;
        }

        // Reuse the question reader on a copy whose response bit is cleared.
        Span<byte> header = stackalloc byte[HeaderSize];
        message[..HeaderSize].CopyTo(header);
        header[2] &= 0x7F;
        byte[] copy = [.. header, .. message[HeaderSize..]];
        if (!TryReadQuestion(copy, out _, out int questionLength, out _, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> record = message[(HeaderSize + questionLength)..];
        if (record.Length < AnswerFixedSize + AddressSize
            || BinaryPrimitives.ReadUInt16BigEndian(record[2..]) != TypeA
            || BinaryPrimitives.ReadUInt16BigEndian(record[10..]) != AddressSize)
        {
            return false;
        }

        address = new IPAddress(record.Slice(AnswerFixedSize, AddressSize));
        return true;
    }
}
