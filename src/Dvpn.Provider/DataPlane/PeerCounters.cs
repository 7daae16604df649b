namespace Dvpn.Provider.DataPlane;

/// <summary>A session peer's cumulative traffic as the WireGuard device counts it.</summary>
/// <param name="ReceivedBytes">Bytes received from the client.</param>
/// <param name="SentBytes">Bytes sent to the client.</param>
/// <param name="LastHandshake">The last completed handshake; null before the first.</param>
internal readonly record struct PeerCounters(ulong ReceivedBytes, ulong SentBytes, DateTimeOffset? LastHandshake)
{
    /// <summary>Both directions.</summary>
    public ulong TotalBytes => checked(ReceivedBytes + SentBytes);
}
