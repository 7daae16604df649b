using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Nethereum.RPC.Eth.DTOs;

namespace Dvpn.Provider.Claims;

internal sealed partial class ClaimWorker
{
    /// <summary>
    /// Takes the next batch from <paramref name="live"/> (soonest expiry first) and removes it from the list. The
    /// contract pays a signer's tickets only in rising nonce order (a claimed nonce voids every lower one), so a
    /// ticket is taken only together with every lower-nonce ticket of its signer still waiting: each batch holds a
    /// prefix of each signer's nonces. A prefix longer than a whole batch is cut at the batch size; the rest follows
    /// in the next batch.
    /// </summary>
    internal static List<StoredWinner> TakeBatch(List<StoredWinner> live, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var taken = new HashSet<long>();
        var batch = new List<StoredWinner>(batchSize);
        foreach (StoredWinner candidate in live)
        {
            if (taken.Contains(candidate.Id))
            {
                continue;
            }

            List<StoredWinner> prefix = [.. live
                .Where(w => w.Signer == candidate.Signer && w.Nonce <= candidate.Nonce && !taken.Contains(w.Id))
                .OrderBy(w => w.Nonce)];
            if (batch.Count + prefix.Count > batchSize)
            {
                if (batch.Count == 0)
                {
                    prefix.RemoveRange(batchSize, prefix.Count - batchSize);
                }
                else
                {
                    break;
                }
            }

            foreach (StoredWinner w in prefix)
            {
                taken.Add(w.Id);
                batch.Add(w);
            }

            if (batch.Count == batchSize)
            {
                break;
            }
        }

        live.RemoveAll(w => taken.Contains(w.Id));
        return batch;
    }

    /// <summary>
    /// Reads each signer's replay record and marks claimed (without sending) every winner at or below its high
    /// nonce: those were paid by a claim that landed before the process could mark them. Removes them from
    /// <paramref name="live"/>.
    /// </summary>
    private async Task<int> RecoverLandedAsync(List<StoredWinner> live, CancellationToken cancellationToken)
    {
        var landed = new List<WinnerResolution>();
        foreach (EthAddress signer in live.Select(w => w.Signer).Distinct().ToList())
        {
            (ulong highNonce, _) = await _lottery.GetReplayRecordAsync(_recipient, signer.ToString(), cancellationToken)
                .ConfigureAwait(false);
            List<StoredWinner> paid = [.. live.Where(w => w.Signer == signer && w.Nonce <= highNonce)];
            if (paid.Count == 0)
            {
                continue;
            }

            _logger.WinnersRecovered(paid.Count, signer, highNonce);
            landed.AddRange(paid.Select(w => new WinnerResolution(w.Id, WinnerState.Claimed, null,
                $"found paid on chain: replay record high nonce {highNonce}")));
            live.RemoveAll(w => w.Signer == signer && w.Nonce <= highNonce);
        }

        if (landed.Count > 0)
        {
            _store.Resolve(landed);
            _observer?.WinnersRecovered(landed.Count);
        }

        return landed.Count;
    }

    /// <summary>Sends one claim for <paramref name="batch"/> and marks every winner in it from the result.</summary>
    private async Task<(int Paid, int Refused, bool Sent)> ClaimBatchAsync(List<StoredWinner> batch, CancellationToken cancellationToken)
    {
        var claims = new List<LotteryClaim>(batch.Count);
        var sending = new List<StoredWinner>(batch.Count);
        int refused = 0;
        foreach (StoredWinner w in batch)
        {
            try
            {
                claims.Add(w.ToClaim());
                sending.Add(w);
            }
            catch (InvalidOperationException e)
            {
                // A signature that cannot be packed would make every claim that carries it fail: set it aside.
                _logger.WinnerNotClaimable(w.Signer, w.Nonce, e.Message);
                _store.MarkSkipped(w.Id, null, $"cannot be packed for the contract: {e.Message}");
                refused++;
            }
        }

        if (claims.Count == 0)
        {
            return (0, refused, false);
        }

        ClaimResult result;
        try
        {
            result = await _lottery.ClaimAsync(LotteryClient.SortForClaim(claims), _options.MaxGasPrice, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            _store.RecordFailure(sending.Select(w => w.Id), e.Message);
            throw;
        }

        var skipped = new Dictionary<(EthAddress, ulong), SkipReason>();
        foreach (SkippedTicket s in result.Skipped)
        {
            if (EthAddress.TryParse(s.Signer, out EthAddress signer))
            {
                skipped[(signer, s.Nonce)] = s.Reason;
            }
        }

        var resolutions = new List<WinnerResolution>(sending.Count);
        int paid = 0;
        foreach (StoredWinner w in sending)
        {
            if (skipped.TryGetValue((w.Signer, w.Nonce), out SkipReason reason))
            {
                _logger.TicketSkipped(w.Signer, w.Nonce, result.TransactionHash, reason);
                WinnerState state = reason == SkipReason.Expired ? WinnerState.Expired : WinnerState.Skipped;
                resolutions.Add(new WinnerResolution(w.Id, state, result.TransactionHash, $"skipped by the contract: {reason}"));
                refused++;
            }
            else
            {
                resolutions.Add(new WinnerResolution(w.Id, WinnerState.Claimed, result.TransactionHash, null));
                paid++;
            }
        }

        _store.Resolve(resolutions);

        BigInteger? gasCost = await ReadGasCostAsync(result, cancellationToken).ConfigureAwait(false);
        _logger.ClaimLanded(result.TransactionHash, paid, result.Submitted, result.GasUsed, gasCost);
        _observer?.ClaimLanded(new ClaimOutcome(result.TransactionHash, result.Submitted, paid, sending.Count - paid,
            result.GasUsed, gasCost, result.Payouts));
        return (paid, refused, true);
    }

    /// <summary>Gas used times the price the transaction actually paid, from its receipt; null when it cannot be read.</summary>
    private async Task<BigInteger?> ReadGasCostAsync(ClaimResult result, CancellationToken cancellationToken)
    {
        try
        {
            TransactionReceipt? receipt = await new Nethereum.Web3.Web3(_lottery.Chain.Rpc).Eth.Transactions.GetTransactionReceipt
                .SendRequestAsync(result.TransactionHash).WaitAsync(cancellationToken).ConfigureAwait(false);
            return receipt?.EffectiveGasPrice?.Value is { } price ? result.GasUsed * price : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only a metric depends on it; the claim itself is settled and marked.
            _logger.ReceiptUnavailable(e, result.TransactionHash);
            return null;
        }
    }
}
