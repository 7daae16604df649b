using System.Globalization;
using System.Numerics;
using Dvpn.Chain;
using Dvpn.Chain.Contracts;
using Dvpn.Chain.Lottery;
using Dvpn.Chain.Tickets;
using Dvpn.Chain.Wallet;
using Dvpn.Devnet;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace Dvpn.Bench.ClaimEfficiency;

/// <summary>Runs one scenario on its own anvil: claims batches of winning tickets and totals what they paid and cost.</summary>
internal static class EfficiencyRun
{
    /// <summary>The price the tickets pay for: 10^13 wei per GiB (about 0.03 USD/GiB at 3,000 USD/ETH).</summary>
    private static readonly BigInteger PricePerGiB = BigInteger.Pow(10, 13);

    /// <summary>Each ticket pays for 1 MiB of traffic.</summary>
    private static readonly BigInteger Owed = PricePerGiB / 1024;

    public static async Task<Measurement> RunAsync(Scenario s, int batches)
    {
        await using AnvilNode node = await AnvilNode.StartAsync(extraArguments:
            ["--base-fee", s.NetworkGasPrice.ToString(CultureInfo.InvariantCulture), "--no-priority-fee"]);
        ChainConnection deployer = await ChainConnection.ConnectAsync([node.RpcUrl], AnvilNode.Key(0));
        DeployedContracts contracts = await ContractDeployer.DeployDevnetAsync(deployer, BigInteger.Pow(10, 20), TimeSpan.FromDays(7), TimeSpan.FromDays(1));
        ChainConnection funder = await ChainConnection.ConnectAsync([node.RpcUrl], AnvilNode.Key(1));
        ChainConnection provider = await ChainConnection.ConnectAsync([node.RpcUrl], EthECKey.GenerateKey());
        await new Web3(new Nethereum.Web3.Accounts.Account(AnvilNode.Key(2), AnvilNode.ChainId), node.RpcUrl.ToString())
            .Eth.GetEtherTransferService().TransferEtherAndWaitForReceiptAsync(provider.Address!, 10m);

        var funderLottery = new LotteryClient(funder, contracts.Lottery);
        var providerLottery = new LotteryClient(provider, contracts.Lottery);
        var domain = new TicketDomain(provider.ChainId, EthAddress.Parse(contracts.Lottery));
        TicketSize size = TicketLottery.Size(Owed, s.ClaimCost, TicketLottery.DefaultEfficiency);
        var rpc = new RpcClient(node.RpcUrl);
        var web3 = new Web3(provider.Rpc);

        BigInteger received = 0, gasUsed = 0, gasPaid = 0, gasAtNetwork = 0;
        int tickets = 0;
        for (int b = 0; b < batches; b++)
        {
            List<LotteryClaim> claims = await SignBatchAsync(s, domain, EthAddress.Parse(provider.Address!), funder, funderLottery, size.FaceValue);
            BigInteger before = await provider.GetNativeBalanceAsync(provider.Address!);

            // Hold the network price: empty and light blocks would otherwise lower the base fee block by block.
            await rpc.SendRequestAsync<object>("anvil_setNextBlockBaseFeePerGas", null, new HexBigInteger(s.NetworkGasPrice).HexValue);
            ClaimResult result = await providerLottery.ClaimAsync(LotteryClient.SortForClaim(claims), s.MaxGasPrice);
            if (result.PaidTickets != claims.Count)
            {
                throw new InvalidOperationException($"only {result.PaidTickets} of {claims.Count} tickets paid: {string.Join(", ", result.Skipped)}");
            }

            TransactionReceipt receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(result.TransactionHash);
            BlockWithTransactionHashes block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(receipt.BlockNumber);
            BigInteger paid = result.TotalPaid(LotteryClient.NativeToken);
            BigInteger cost = receipt.GasUsed.Value * receipt.EffectiveGasPrice.Value;
            BigInteger after = await provider.GetNativeBalanceAsync(provider.Address!);
            if (after - before != paid - cost)
            {
                throw new InvalidOperationException($"balance moved by {after - before}, expected {paid - cost}");
            }

            received += paid;
            gasUsed += receipt.GasUsed.Value;
            gasPaid += cost;
            gasAtNetwork += receipt.GasUsed.Value * block.BaseFeePerGas.Value;
            tickets += claims.Count;
        }

        return new Measurement(s, tickets, Owed, size.FaceValue, size.WinProb, size.FaceValue * tickets, received,
            gasUsed, gasPaid, gasAtNetwork);
    }

    /// <summary>
    /// Ten winning tickets to the provider from <see cref="Scenario.SignersPerBatch"/> fresh, funded clients. They are
    /// sized for the owed amount (face value from <see cref="TicketLottery.Size"/>) but signed with the highest win
    /// probability, so every one is a winner to claim: the claim's gas does not depend on the probability.
    /// </summary>
    private static async Task<List<LotteryClaim>> SignBatchAsync(Scenario s, TicketDomain domain, EthAddress recipient,
        ChainConnection funder, LotteryClient funderLottery, BigInteger faceValue)
    {
        ulong now = await funder.GetLatestBlockTimestampAsync();
        byte[] reveal = TicketLottery.NewReveal();
        var claims = new List<LotteryClaim>(Scenario.BatchSize);
        int perSigner = Scenario.BatchSize / s.SignersPerBatch;
        for (int k = 0; k < s.SignersPerBatch; k++)
        {
            using SignerKey key = SignerKey.Generate();
            using var signer = new TicketSigner(key, domain);
            await funderLottery.FundAsync(LotteryClient.NativeToken, key.Address.ToString(), faceValue * perSigner, faceValue);
            for (int i = 1; i <= perSigner; i++)
            {
                claims.Add(signer.Sign(new Ticket
                {
                    Recipient = recipient,
                    Commit = TicketLottery.Commit(reveal),
                    Issued = now,
                    Nonce = (ulong)i,
                    FaceValue = faceValue,
                    WinProb = ulong.MaxValue,
                    Expiry = now + 3600,
                    Token = EthAddress.Zero,
                    Funder = EthAddress.Parse(funder.Address!),
                }).ToClaim(reveal));
            }
        }

        return claims;
    }
}
