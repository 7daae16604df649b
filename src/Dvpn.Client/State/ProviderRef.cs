using System.Numerics;

namespace Dvpn.Client.State;

/// <summary>A provider as the state and events name it.</summary>
/// <param name="Address">The provider's address (0x…, checksummed).</param>
/// <param name="Region">Its region code.</param>
/// <param name="PricePerGiB">Its listed price per GiB.</param>
public sealed record ProviderRef(string Address, string Region, BigInteger PricePerGiB);
