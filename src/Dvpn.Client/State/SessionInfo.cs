using System.Numerics;

namespace Dvpn.Client.State;

/// <summary>What a provider granted for one session.</summary>
/// <param name="SessionId">The provider's session id (hex).</param>
/// <param name="InterfaceName">The tunnel interface.</param>
/// <param name="Addresses">The tunnel addresses (with prefix length).</param>
/// <param name="Dns">DNS servers inside the tunnel.</param>
/// <param name="Mtu">The tunnel MTU.</param>
/// <param name="WireGuardEndpoint">The provider's WireGuard endpoint.</param>
/// <param name="PricePerGiB">The price of this session.</param>
/// <param name="CreditLimit">The provider's credit limit: the most it lets this client owe.</param>
/// <param name="ExpiresAt">When the provider ends the session.</param>
public sealed record SessionInfo(
    string SessionId,
    string InterfaceName,
    IReadOnlyList<string> Addresses,
    IReadOnlyList<string> Dns,
    int Mtu,
    string WireGuardEndpoint,
    BigInteger PricePerGiB,
    BigInteger CreditLimit,
    DateTimeOffset ExpiresAt);
