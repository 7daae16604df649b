using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace Dvpn.Chain.Contracts;

[Event("TicketSkipped")]
internal sealed class TicketSkippedEvent : IEventDTO
{
    [Parameter("address", "signer", 1, true)] public string Signer { get; set; } = "";
    [Parameter("uint64", "nonce", 2, true)] public ulong Nonce { get; set; }
    [Parameter("uint8", "reason", 3, false)] public byte Reason { get; set; }
}

[Event("Claimed")]
internal sealed class ClaimedEvent : IEventDTO
{
    [Parameter("address", "recipient", 1, true)] public string Recipient { get; set; } = "";
    [Parameter("address", "token", 2, true)] public string Token { get; set; } = "";
    [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
    [Parameter("uint256", "tickets", 4, false)] public BigInteger Tickets { get; set; }
}

[Event("EscrowBurned")]
internal sealed class EscrowBurnedEvent : IEventDTO
{
    [Parameter("address", "token", 1, true)] public string Token { get; set; } = "";
    [Parameter("address", "funder", 2, true)] public string Funder { get; set; } = "";
    [Parameter("address", "signer", 3, true)] public string Signer { get; set; } = "";
    [Parameter("uint128", "escrow", 4, false)] public BigInteger Amount { get; set; }
}
