using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Dvpn.Provider.Tests.Support;

/// <summary>
/// The provider's money as the chain records it, independently of the provider's own bookkeeping: its native balance
/// at a block, and for a block range every transaction it sent (gas paid = gas used x effective gas price, from the
/// receipts) with the lottery's <c>Claimed</c> and <c>TicketSkipped</c> events in them.
/// </summary>
internal sealed class ProviderLedger(Uri rpcUrl, string lottery)
{
    private readonly Web3 _web3 = new(rpcUrl.ToString());

    public async Task<ulong> LatestBlockAsync() => (ulong)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public async Task<BigInteger> BalanceAtAsync(string address, ulong block) =>
        (await _web3.Eth.GetBalance.SendRequestAsync(address, new BlockParameter(new HexBigInteger(block)))).Value;

    /// <summary>What <paramref name="provider"/> did on chain in blocks (<paramref name="afterBlock"/>, <paramref name="toBlock"/>].</summary>
    public async Task<ProviderActivity> ActivityAsync(string provider, ulong afterBlock, ulong toBlock)
    {
        BigInteger gas = 0;
        BigInteger claimed = 0;
        int claimedTickets = 0;
        int claimTransactions = 0;
        int transactions = 0;
        var skipped = new List<(string Signer, ulong Nonce, byte Reason)>();
        for (ulong number = afterBlock + 1; number <= toBlock; number++)
        {
            BlockWithTransactions block = await _web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(new HexBigInteger(number));
            foreach (Transaction tx in block.Transactions)
            {
                if (!string.Equals(tx.From, provider, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                transactions++;
                TransactionReceipt receipt = await _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TransactionHash);
                gas += receipt.GasUsed.Value * receipt.EffectiveGasPrice.Value;
                FilterLog[] logs = [.. receipt.Logs.ConvertToFilterLog()
                    .Where(l => string.Equals(l.Address, lottery, StringComparison.OrdinalIgnoreCase))];
                var claims = logs.DecodeAllEvents<ClaimedEventDto>();
                if (claims.Count > 0)
                {
                    claimTransactions++;
                }

                foreach (EventLog<ClaimedEventDto> claim in claims)
                {
                    if (string.Equals(claim.Event.Recipient, provider, StringComparison.OrdinalIgnoreCase))
                    {
                        claimed += claim.Event.Amount;
                        claimedTickets += (int)claim.Event.Tickets;
                    }
                }

                skipped.AddRange(logs.DecodeAllEvents<TicketSkippedEventDto>().Select(e => (e.Event.Signer, e.Event.Nonce, e.Event.Reason)));
            }
        }

        return new ProviderActivity(transactions, claimTransactions, claimed, claimedTickets, gas, skipped);
    }

    [Event("Claimed")]
    private sealed class ClaimedEventDto : IEventDTO
    {
        [Parameter("address", "recipient", 1, true)] public string Recipient { get; set; } = "";
        [Parameter("address", "token", 2, true)] public string Token { get; set; } = "";
        [Parameter("uint256", "amount", 3, false)] public BigInteger Amount { get; set; }
        [Parameter("uint256", "tickets", 4, false)] public BigInteger Tickets { get; set; }
    }

    [Event("TicketSkipped")]
    private sealed class TicketSkippedEventDto : IEventDTO
    {
        [Parameter("address", "signer", 1, true)] public string Signer { get; set; } = "";
        [Parameter("uint64", "nonce", 2, true)] public ulong Nonce { get; set; }
        [Parameter("uint8", "reason", 3, false)] public byte Reason { get; set; }
    }
}

/// <summary>A provider's transactions in a block range.</summary>
/// <param name="Transactions">How many it sent.</param>
/// <param name="ClaimTransactions">How many of them paid out at least once.</param>
/// <param name="Claimed">Native coin paid to it by <c>Claimed</c> events.</param>
/// <param name="ClaimedTickets">Tickets those events paid for.</param>
/// <param name="GasPaid">Gas used x effective gas price, summed over its transactions.</param>
/// <param name="Skipped">Tickets its claims submitted that paid nothing (signer, nonce, reason).</param>
internal sealed record ProviderActivity(
    int Transactions,
    int ClaimTransactions,
    BigInteger Claimed,
    int ClaimedTickets,
    BigInteger GasPaid,
    IReadOnlyList<(string Signer, ulong Nonce, byte Reason)> Skipped);
