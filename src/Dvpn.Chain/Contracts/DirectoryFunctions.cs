using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Dvpn.Chain.Contracts;

// Typed messages for Directory.sol; the ABI they mirror is contracts/artifacts/Directory.json.

/// <summary>The fields register and update share (the same ABI, two selectors).</summary>
internal abstract class ProviderFieldsMessage : FunctionMessage
{
    [Parameter("string", "endpoint", 1)] public string Endpoint { get; set; } = "";
    [Parameter("bytes32", "tlsFingerprint", 2)] public byte[] TlsFingerprint { get; set; } = new byte[32];
    [Parameter("bytes32", "wgPublicKey", 3)] public byte[] WgPublicKey { get; set; } = new byte[32];
    [Parameter("uint256", "pricePerGiB", 4)] public BigInteger PricePerGiB { get; set; }
    [Parameter("string", "region", 5)] public string Region { get; set; } = "";
    [Parameter("bytes", "metadata", 6)] public byte[] Metadata { get; set; } = [];
}

[Function("register")]
internal sealed class RegisterFunction : ProviderFieldsMessage;

[Function("update")]
internal sealed class UpdateFunction : ProviderFieldsMessage;

[Function("deregister")]
internal sealed class DeregisterFunction : FunctionMessage;

[Function("stake")]
internal sealed class StakeFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
}

[Function("requestUnstake")]
internal sealed class RequestUnstakeFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
}

[Function("withdrawUnstaked")]
internal sealed class WithdrawUnstakedFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("pick", "address")]
internal sealed class PickFunction : FunctionMessage
{
    [Parameter("uint256", "seed", 1)] public BigInteger Seed { get; set; }
}

[Function("providerCount", "uint256")]
internal sealed class ProviderCountFunction : FunctionMessage;

[Function("totalListedStake", "uint256")]
internal sealed class TotalListedStakeFunction : FunctionMessage;

[Function("minStake", "uint256")]
internal sealed class MinStakeFunction : FunctionMessage;

[Function("unstakeDelay", "uint64")]
internal sealed class UnstakeDelayFunction : FunctionMessage;

[Function("stakeToken", "address")]
internal sealed class StakeTokenFunction : FunctionMessage;

[Function("stakeOf", "uint256")]
internal sealed class StakeOfFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("stakeBy", "uint256")]
internal sealed class StakeByFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("address", "staker", 2)] public string Staker { get; set; } = "";
}

[Function("pendingUnstake", typeof(PendingUnstakeOutput))]
internal sealed class PendingUnstakeFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("address", "staker", 2)] public string Staker { get; set; } = "";
}

[FunctionOutput]
internal sealed class PendingUnstakeOutput : IFunctionOutputDTO
{
    [Parameter("uint256", "amount", 1)] public BigInteger Amount { get; set; }
    [Parameter("uint64", "unlockAt", 2)] public ulong UnlockAt { get; set; }
}

[Function("providersPage", typeof(ProvidersPageOutput))]
internal sealed class ProvidersPageFunction : FunctionMessage
{
    [Parameter("uint256", "offset", 1)] public BigInteger Offset { get; set; }
    [Parameter("uint256", "limit", 2)] public BigInteger Limit { get; set; }
}

[FunctionOutput]
internal sealed class ProvidersPageOutput : IFunctionOutputDTO
{
    [Parameter("tuple[]", "", 1)] public List<ProviderViewStruct> Providers { get; set; } = [];
}

[Function("getProvider", typeof(GetProviderOutput))]
internal sealed class GetProviderFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[FunctionOutput]
internal sealed class GetProviderOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)] public ProviderViewStruct Provider { get; set; } = new();
}

/// <summary>
/// Directory.ProviderView. The endpoint and region are <c>string</c> in Solidity but decoded here as raw
/// <c>bytes</c> (the ABI encodes both the same way): a provider can publish bytes that are not UTF-8, and the
/// client must see them and reject the entry, not crash in the decoder.
/// </summary>
[Struct("ProviderView")]
internal sealed class ProviderViewStruct
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("bytes", "endpoint", 2)] public byte[] Endpoint { get; set; } = [];
    [Parameter("bytes32", "tlsFingerprint", 3)] public byte[] TlsFingerprint { get; set; } = new byte[32];
    [Parameter("bytes32", "wgPublicKey", 4)] public byte[] WgPublicKey { get; set; } = new byte[32];
    [Parameter("uint256", "pricePerGiB", 5)] public BigInteger PricePerGiB { get; set; }
    [Parameter("bytes", "region", 6)] public byte[] Region { get; set; } = [];
    [Parameter("bytes", "metadata", 7)] public byte[] Metadata { get; set; } = [];
    [Parameter("uint256", "stake", 8)] public BigInteger Stake { get; set; }
    [Parameter("bool", "listed", 9)] public bool Listed { get; set; }
}
