using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Dvpn.Chain.Contracts;

// Typed messages for Lottery.sol; the ABI they mirror is contracts/artifacts/Lottery.json.

[Function("fund")]
internal sealed class FundFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
    [Parameter("address", "signer", 2)] public string Signer { get; set; } = "";
    [Parameter("uint128", "balance", 3)] public BigInteger Balance { get; set; }
    [Parameter("uint128", "escrow", 4)] public BigInteger Escrow { get; set; }
}

[Function("warn")]
internal sealed class WarnFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
    [Parameter("address", "signer", 2)] public string Signer { get; set; } = "";
    [Parameter("uint128", "balance", 3)] public BigInteger Balance { get; set; }
    [Parameter("uint128", "escrow", 4)] public BigInteger Escrow { get; set; }
}

[Function("withdraw")]
internal sealed class WithdrawFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
    [Parameter("address", "signer", 2)] public string Signer { get; set; } = "";
    [Parameter("address", "to", 3)] public string To { get; set; } = "";
}

[Function("claim")]
internal sealed class ClaimFunction : FunctionMessage
{
    [Parameter("tuple[]", "claims", 1)] public List<LotteryClaim> Claims { get; set; } = [];
}

[Function("sweep")]
internal sealed class SweepFunction : FunctionMessage
{
    [Parameter("address[]", "signers", 1)] public List<string> Signers { get; set; } = [];
}

[Function("account", typeof(AccountOutput))]
internal sealed class AccountFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
    [Parameter("address", "funder", 2)] public string Funder { get; set; } = "";
    [Parameter("address", "signer", 3)] public string Signer { get; set; } = "";
}

[FunctionOutput]
internal sealed class AccountOutput : IFunctionOutputDTO
{
    [Parameter("uint128", "balance", 1)] public BigInteger Balance { get; set; }
    [Parameter("uint128", "escrow", 2)] public BigInteger Escrow { get; set; }
    [Parameter("uint128", "warnedBalance", 3)] public BigInteger WarnedBalance { get; set; }
    [Parameter("uint128", "warnedEscrow", 4)] public BigInteger WarnedEscrow { get; set; }
    [Parameter("uint64", "unlockAt", 5)] public ulong UnlockAt { get; set; }
}

[Function("replayRecord", typeof(ReplayRecordOutput))]
internal sealed class ReplayRecordFunction : FunctionMessage
{
    [Parameter("address", "recipient", 1)] public string Recipient { get; set; } = "";
    [Parameter("address", "signer", 2)] public string Signer { get; set; } = "";
}

[FunctionOutput]
internal sealed class ReplayRecordOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "highNonce", 1)] public ulong HighNonce { get; set; }
    [Parameter("uint64", "maxExpiry", 2)] public ulong MaxExpiry { get; set; }
}

[Function("ticketDigest", "bytes32")]
internal sealed class TicketDigestFunction : FunctionMessage
{
    [Parameter("address", "recipient", 1)] public string Recipient { get; set; } = "";
    [Parameter("tuple", "claim", 2)] public LotteryClaim Claim { get; set; } = new();
}

[Function("domainSeparator", "bytes32")]
internal sealed class DomainSeparatorFunction : FunctionMessage;

[Function("withdrawDelay", "uint64")]
internal sealed class WithdrawDelayFunction : FunctionMessage;

[Function("burned", "uint256")]
internal sealed class BurnedFunction : FunctionMessage
{
    [Parameter("address", "token", 1)] public string Token { get; set; } = "";
}
