namespace Dvpn.Devnet.Namespaces;

/// <summary>What a <see cref="TcpTransfer"/> moved.</summary>
/// <param name="BytesSent">Bytes the client wrote.</param>
/// <param name="BytesReceived">Bytes the server read before end of stream.</param>
/// <param name="Intact">True when the server read exactly the bytes that were sent (SHA-256 of both streams).</param>
/// <param name="Elapsed">From before the connect to the server's end of stream.</param>
public sealed record TcpTransferResult(long BytesSent, long BytesReceived, bool Intact, TimeSpan Elapsed);
