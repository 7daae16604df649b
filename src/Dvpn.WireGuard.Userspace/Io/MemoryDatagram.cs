using System.Net;

namespace Dvpn.WireGuard.Userspace.Io;

/// <summary>One datagram crossing a <see cref="MemoryNetwork"/>, as its <see cref="MemoryNetwork.Filter"/> sees it.</summary>
/// <param name="Source">The sender's current bound endpoint.</param>
/// <param name="Destination">Where it is addressed.</param>
/// <param name="Payload">The bytes (a private copy; the filter must not keep it after returning unless it copies).</param>
internal readonly record struct MemoryDatagram(IPEndPoint Source, IPEndPoint Destination, ReadOnlyMemory<byte> Payload);
