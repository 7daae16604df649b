namespace Dvpn.Devnet.Leak;

/// <summary>What one <see cref="TrafficTarget"/> attempt does.</summary>
public enum TrafficKind
{
    /// <summary>A TCP connection that must deliver one byte (a <see cref="TcpLabService.StartByte"/> service).</summary>
    TcpByte,

    /// <summary>A UDP datagram that must come back unchanged (a <see cref="UdpEchoService"/>).</summary>
    UdpEcho,

    /// <summary>A DNS query over UDP that must be answered with the target's expected address (a <see cref="DnsResponder"/>).</summary>
    DnsQuery,
}
