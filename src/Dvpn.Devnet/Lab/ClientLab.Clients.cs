using System.Numerics;
using System.Runtime.Versioning;
using Dvpn.Chain;
using Dvpn.Chain.Lottery;

namespace Dvpn.Devnet.Lab;

/// <summary>Client accounts.</summary>
[SupportedOSPlatform("linux")]
public sealed partial class ClientLab
{
    /// <summary>
    /// A client account whose lottery account holds <paramref name="balance"/> (default 10 ether) and
    /// <paramref name="escrow"/> (default 1 ether), funded by a fresh funder account of its own.
    /// </summary>
    public async Task<LabClientAccount> CreateClientAccountAsync(BigInteger? balance = null, BigInteger? escrow = null,
        CancellationToken cancellationToken = default)
    {
        BigInteger b = balance ?? 10 * Ether;
        BigInteger e = escrow ?? Ether;
        ChainConnection funder;
        await _bankGate.WaitAsync(cancellationToken);
        try
        {
            funder = await Chain.ConnectFreshAccountAsync((decimal)((b + e) / Ether) + 10, cancellationToken);
        }
        finally
        {
            _bankGate.Release();
        }

        var lottery = new LotteryClient(funder, Chain.Contracts.Lottery);
        LabClientAccount account = LabClientAccount.Create(this, lottery);
        try
        {
            await lottery.FundAsync(LotteryClient.NativeToken, account.Signer.ToString(), b, e, cancellationToken);
            return account;
        }
        catch
        {
            account.Dispose();
            throw;
        }
    }
}
