using System.Numerics;
using Dvpn.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Dvpn.Cli.Demo;

/// <summary>One claim transaction as the chain recorded it: the Lottery's Claimed event and the receipt.</summary>
internal sealed record LandedClaim(string Recipient, string TransactionHash, ulong Block, int Tickets, BigInteger Amount,
    BigInteger GasUsed, BigInteger GasCost);

/// <summary>
/// Reads every claim that landed from the chain itself, not from the providers' word: the Lottery's <c>Claimed</c>
/// events (recipient, amount, tickets) and each transaction's receipt (gas used, the price actually paid).
/// </summary>
internal static class ClaimsOnChain
{
    public static async Task<IReadOnlyList<LandedClaim>> ReadAsync(ChainConnection chain, string lottery, CancellationToken cancellationToken)
    {
        var web3 = new Web3(chain.Rpc);
        Event<ClaimedLog> claimed = web3.Eth.GetEvent<ClaimedLog>(lottery);
        List<EventLog<ClaimedLog>> logs = await claimed.GetAllChangesAsync(
            claimed.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest())).WaitAsync(cancellationToken);
        var claims = new List<LandedClaim>(logs.Count);
        foreach (EventLog<ClaimedLog> log in logs)
        {
            TransactionReceipt receipt = await web3.Eth.Transactions.GetTransactionReceipt
                .SendRequestAsync(log.Log.TransactionHash).WaitAsync(cancellationToken);
            BigInteger gasUsed = receipt.GasUsed.Value;
            claims.Add(new LandedClaim(log.Event.Recipient, log.Log.TransactionHash, (ulong)log.Log.BlockNumber.Value,
                (int)log.Event.Tickets, log.Event.Amount, gasUsed, gasUsed * (receipt.EffectiveGasPrice?.Value ?? BigInteger.Zero)));
        }

        return claims;
    }

    /// <summary>The Lottery's <c>Claimed(address indexed recipient, address indexed token, uint256 amount, uint256 tickets)</c>.</summary>
    [Event("Claimed")]
    internal sealed class ClaimedLog : IEventDTO
    {
        [Parameter("address", "recipient", 1, true)] public string Recipient { get; set; } = "";
        [Parameter("address", "token", 2, true)] public string Token { get; set; } = "";
        [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
        [Parameter("uint256", "tickets", 4, false)] public BigInteger Tickets { get; set; }
    }
}
