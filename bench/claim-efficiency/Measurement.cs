using System.Globalization;
using System.Numerics;

namespace Dvpn.Bench.ClaimEfficiency;

/// <summary>Totals over all batches of one scenario, and the ratios the note reports.</summary>
internal sealed record Measurement(
    Scenario Scenario,
    int Tickets,
    BigInteger Owed,
    BigInteger FaceValue,
    ulong WinProb,
    BigInteger ClientsSpent,
    BigInteger Received,
    BigInteger GasUsed,
    BigInteger GasPaid,
    BigInteger GasAtNetworkPrice)
{
    public const string Header =
        "scenario (network price, Claims:MaxGasPrice, batch) | winners | face/ticket (wei) | gas/ticket | gas paid/face | gas@network/face | provider net/clients spent";

    public const string Legend =
        "clients spent = expected value of every ticket the clients signed to produce these winners (face x winners, as each\n" +
        "winner stands for 2^64/winProb tickets of expected value face x winProb / 2^64); provider net = face values received\n" +
        "minus the gas the claim transactions paid. gas paid = gas used x effective gas price from the receipts (what\n" +
        "LotteryClient.ClaimAsync pays: maxFeePerGas = Claims:MaxGasPrice, priority fee = eth_gasPrice - base fee); gas@network = gas\n" +
        "used x the network's base fee (what a claim paying no tip would cost).";

    public string Format()
    {
        double face = (double)FaceValue;
        double spent = (double)ClientsSpent;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Scenario.Name,-51} | {Tickets,7} | {FaceValue,17} | {(double)GasUsed / Tickets,10:F0} | " +
            $"{(double)GasPaid / Tickets / face,13:P3} | {(double)GasAtNetworkPrice / Tickets / face,16:P3} | " +
            $"{(double)(Received - GasPaid) / spent,26:P3}");
    }
}
