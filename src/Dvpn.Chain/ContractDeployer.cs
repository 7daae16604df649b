using System.Numerics;
using Dvpn.Chain.Contracts;

namespace Dvpn.Chain;

/// <summary>Addresses of a deployment of the DvpnClient contracts.</summary>
/// <param name="Lottery">The Lottery contract.</param>
/// <param name="Directory">The Directory contract.</param>
/// <param name="StakeToken">The ERC-20 the directory takes stakes in.</param>
public sealed record DeployedContracts(string Lottery, string Directory, string StakeToken);

/// <summary>Deploys the contracts from the artifacts embedded in this assembly (devnets, tests, fresh networks).</summary>
public static class ContractDeployer
{
    /// <summary>Deploys the devnet TestToken (an ERC-20 with an open mint).</summary>
    public static Task<string> DeployTestTokenAsync(ChainConnection chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.DeployAsync(new TestTokenDeployment(), "TestToken", cancellationToken);
    }

    /// <summary>Deploys a Lottery whose withdrawals wait <paramref name="withdrawDelay"/> after a warning.</summary>
    public static Task<string> DeployLotteryAsync(ChainConnection chain, TimeSpan withdrawDelay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.DeployAsync(new LotteryDeployment { WithdrawDelay = checked((ulong)withdrawDelay.TotalSeconds) }, "Lottery", cancellationToken);
    }

    /// <summary>Deploys a Directory staking in <paramref name="stakeToken"/>.</summary>
    public static Task<string> DeployDirectoryAsync(ChainConnection chain, string stakeToken, BigInteger minStake, TimeSpan unstakeDelay,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return chain.DeployAsync(new DirectoryDeployment
        {
            StakeToken = stakeToken,
            MinStake = minStake,
            UnstakeDelay = checked((ulong)unstakeDelay.TotalSeconds),
        }, "Directory", cancellationToken);
    }

    /// <summary>Deploys a TestToken, a Directory staking in it, and a Lottery.</summary>
    public static async Task<DeployedContracts> DeployDevnetAsync(ChainConnection chain, BigInteger minStake, TimeSpan unstakeDelay,
        TimeSpan withdrawDelay, CancellationToken cancellationToken = default)
    {
        string token = await DeployTestTokenAsync(chain, cancellationToken).ConfigureAwait(false);
        string directory = await DeployDirectoryAsync(chain, token, minStake, unstakeDelay, cancellationToken).ConfigureAwait(false);
        string lottery = await DeployLotteryAsync(chain, withdrawDelay, cancellationToken).ConfigureAwait(false);
        return new DeployedContracts(lottery, directory, token);
    }
}
