using System.Numerics;
using Dvpn.Client.Payments;

namespace Dvpn.Client;

public sealed partial class DvpnClient
{
    /// <summary>
    /// What <paramref name="bytes"/> of traffic at <paramref name="pricePerGiB"/> (token units per 2^30 bytes) costs
    /// through the ticket lottery, by the rules the payment channel uses now: the expected cost, the face value of one
    /// ticket at the current gas price and the configured <see cref="Options.PaymentOptions.ClaimGasPerTicket"/> and
    /// <see cref="Options.PaymentOptions.Efficiency"/>, how many tickets it takes, and the standard deviation of what is
    /// actually paid. A provider that announces a higher claim cost makes its tickets larger than this says.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pricePerGiB"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The client has not been started.</exception>
    public CostEstimate EstimateCost(ulong bytes, BigInteger pricePerGiB)
    {
        ThrowIfNotStarted();
        return CostEstimator.Estimate(bytes, pricePerGiB, GasPrice(), _options.Payment);
    }
}
