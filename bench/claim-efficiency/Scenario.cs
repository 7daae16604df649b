using System.Numerics;

namespace Dvpn.Bench.ClaimEfficiency;

/// <summary>One measurement: the network's gas price, and how many distinct clients (signers) a batch of 10 holds.</summary>
/// <param name="Name">Label for the output.</param>
/// <param name="NetworkGasPrice">The base fee anvil is held at (wei); no priority tip is suggested.</param>
/// <param name="MaxGasPrice">The provider's Claims:MaxGasPrice (wei): the claim's maxFeePerGas, and with
/// ClaimGasPerTicket the claim cost that sizes the tickets.</param>
/// <param name="SignersPerBatch">10: each winner from another client (a new replay record each); 1: one client's ten.</param>
internal sealed record Scenario(string Name, BigInteger NetworkGasPrice, BigInteger MaxGasPrice, int SignersPerBatch)
{
    /// <summary>Tickets per claim transaction (the provider's default Claims:BatchSize).</summary>
    public const int BatchSize = 10;

    /// <summary>The claim cost the provider announces: Payment:ClaimGasPerTicket (default 40,000) x Claims:MaxGasPrice.</summary>
    public BigInteger ClaimCost => 40_000 * MaxGasPrice;
}
