using System.Security.Cryptography;
using Dvpn.WireGuard.Userspace.Crypto;

namespace Dvpn.WireGuard.Userspace.Noise;

/// <summary>The result of a handshake (whitepaper §5.4.5): one key per direction and both indexes. Disposing zeroes the keys.</summary>
internal sealed class TransportKeys : IDisposable
{
    private readonly byte[] _sending = new byte[Aead.KeySize];
    private readonly byte[] _receiving = new byte[Aead.KeySize];

    /// <summary>Copies the keys.</summary>
    public TransportKeys(ReadOnlySpan<byte> sending, ReadOnlySpan<byte> receiving, uint localIndex, uint remoteIndex, bool isInitiator)
    {
        sending.CopyTo(_sending);
        receiving.CopyTo(_receiving);
        LocalIndex = localIndex;
        RemoteIndex = remoteIndex;
        IsInitiator = isInitiator;
    }

    /// <summary>Tsend.</summary>
    public ReadOnlySpan<byte> Sending => _sending;

    /// <summary>Trecv.</summary>
    public ReadOnlySpan<byte> Receiving => _receiving;

    /// <summary>Our index: the receiver field of data sent to us.</summary>
    public uint LocalIndex { get; }

    /// <summary>The peer's index: the receiver field of data we send.</summary>
    public uint RemoteIndex { get; }

    /// <summary>Whether we initiated (the responder must wait for the first data packet before sending with these keys).</summary>
    public bool IsInitiator { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_sending);
        CryptographicOperations.ZeroMemory(_receiving);
    }
}
