using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Dvpn.Chain.Contracts;

internal sealed class LotteryDeployment() : ContractDeploymentMessage(ContractArtifact.Lottery.Bytecode)
{
    [Parameter("uint64", "withdrawDelay", 1)] public ulong WithdrawDelay { get; set; }
}

internal sealed class DirectoryDeployment() : ContractDeploymentMessage(ContractArtifact.Directory.Bytecode)
{
    [Parameter("address", "stakeToken", 1)] public string StakeToken { get; set; } = "";
    [Parameter("uint256", "minStake", 2)] public BigInteger MinStake { get; set; }
    [Parameter("uint64", "unstakeDelay", 3)] public ulong UnstakeDelay { get; set; }
}

internal sealed class TestTokenDeployment() : ContractDeploymentMessage(ContractArtifact.TestToken.Bytecode);
