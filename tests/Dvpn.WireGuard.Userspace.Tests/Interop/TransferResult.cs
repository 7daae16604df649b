namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>What a <see cref="NamespaceTransfer"/> sent and received.</summary>
internal readonly record struct TransferResult(byte[] SentHash, byte[] ReceivedHash, long SentBytes, long ReceivedBytes);
