using System.Globalization;
using System.Numerics;
using Dvpn.Bench.ClaimEfficiency;

// Payment efficiency on anvil: see README.md. Usage: dotnet run -c Release --project bench/claim-efficiency [-- batches]
int batches = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
BigInteger gwei = BigInteger.Pow(10, 9);
BigInteger defaultMax = 2 * gwei; // Provider:Claims:MaxGasPrice default
Scenario[] scenarios =
[
    new("1 gwei, max 2 gwei, 10 clients x 1", gwei, defaultMax, SignersPerBatch: 10),
    new("1 gwei, max 2 gwei, 1 client x 10", gwei, defaultMax, SignersPerBatch: 1),
    new("0.01 gwei, max 2 gwei, 10 clients x 1", gwei / 100, defaultMax, SignersPerBatch: 10),
    new("0.01 gwei, max 2 gwei, 1 client x 10", gwei / 100, defaultMax, SignersPerBatch: 1),
    new("0.01 gwei, max 0.02 gwei, 10 clients x 1", gwei / 100, defaultMax / 100, SignersPerBatch: 10),
    new("0.01 gwei, max 0.02 gwei, 1 client x 10", gwei / 100, defaultMax / 100, SignersPerBatch: 1),
];

Console.WriteLine(Measurement.Header);
foreach (Scenario s in scenarios)
{
    Measurement m = await EfficiencyRun.RunAsync(s, batches);
    Console.WriteLine(m.Format());
}

Console.WriteLine();
Console.WriteLine(Measurement.Legend);
