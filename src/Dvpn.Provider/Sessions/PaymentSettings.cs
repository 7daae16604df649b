using System.Numerics;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Payments;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.Hosting;
using Google.Protobuf;

namespace Dvpn.Provider.Sessions;

/// <summary>The payment terms every session gets, worked out once from the configuration.</summary>
internal sealed class PaymentSettings
{
    /// <summary>Price per GiB in token units.</summary>
    public required BigInteger PricePerGiB { get; init; }

    /// <summary>Unpaid use allowed before the session is paused, in token units (<c>CreditLimitBytes</c> at the price).</summary>
    public required BigInteger CreditLimit { get; init; }

    /// <summary>What claiming one ticket costs, in token units: a face value at or below it is refused.</summary>
    public required BigInteger ClaimCost { get; init; }

    /// <summary>The advisory face value (<see cref="TicketLottery.Size"/> of the credit limit); 0 when none fits a uint96.</summary>
    public required BigInteger SuggestedFaceValue { get; init; }

    /// <summary>The least account balance to open a session.</summary>
    public required BigInteger MinBalance { get; init; }

    /// <summary>The least account escrow to open a session.</summary>
    public required BigInteger MinEscrow { get; init; }

    /// <summary>The accepted token.</summary>
    public required EthAddress Token { get; init; }

    /// <summary>Session lifetime.</summary>
    public required TimeSpan SessionLifetime { get; init; }

    /// <summary>The least lifetime a ticket must have left on arrival.</summary>
    public required TimeSpan MinTicketLifetime { get; init; }

    /// <summary>Invoice period.</summary>
    public required TimeSpan InvoiceInterval { get; init; }

    /// <summary>How long a session may stay over its credit limit, paused, before it ends (<c>Payment:UnpaidPauseGrace</c>).</summary>
    public TimeSpan UnpaidPauseGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the commit before a rotation stays valid.</summary>
    public required TimeSpan CommitGrace { get; init; }

    /// <summary>
    /// <c>Provider:Testing:OverclaimPercent</c>: invoices claim this many percent more bytes than were metered. 0
    /// (honest) unless a test sets it.
    /// </summary>
    public int OverclaimPercent { get; init; }

    /// <summary>
    /// The byte count an invoice states for <paramref name="meteredBytes"/>: the metered count itself, or, for a
    /// provider set to over-claim, <c>meteredBytes * (100 + OverclaimPercent) / 100</c> rounded down (at most
    /// <see cref="ulong.MaxValue"/>).
    /// </summary>
    public ulong InvoicedBytes(ulong meteredBytes)
    {
        if (OverclaimPercent <= 0)
        {
            return meteredBytes;
        }

        BigInteger inflated = (BigInteger)meteredBytes * (100 + OverclaimPercent) / 100;
        return inflated > ulong.MaxValue ? ulong.MaxValue : (ulong)inflated;
    }

    /// <summary>
    /// Works the terms out of <paramref name="options"/>. The claim cost is <c>ClaimGasPerTicket x MaxGasPrice</c>
    /// unless <c>Payment:ClaimCost</c> overrides it (the gas product is in the native coin).
    /// </summary>
    public static PaymentSettings Create(ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PaymentOptions payment = options.Payment;
        var price = (BigInteger)options.Listing.PricePerGiB;
        BigInteger creditLimit = PaymentMath.ValueOf(payment.CreditLimitBytes, price);
        BigInteger claimCost = payment.ClaimCost is { } cost
            ? (BigInteger)cost
            : (BigInteger)payment.ClaimGasPerTicket * (BigInteger)options.Claims.MaxGasPrice;
        BigInteger suggested;
        try
        {
            suggested = TicketLottery.Size(creditLimit, claimCost, payment.EfficiencyTarget).FaceValue;
        }
        catch (ArgumentOutOfRangeException)
        {
            suggested = BigInteger.Zero; // the validator reports it
        }

        return new PaymentSettings
        {
            PricePerGiB = price,
            CreditLimit = creditLimit,
            ClaimCost = claimCost,
            SuggestedFaceValue = suggested,
            MinBalance = (BigInteger)payment.MinBalance,
            MinEscrow = (BigInteger)payment.MinEscrow,
            Token = EthAddress.Parse(payment.Token),
            SessionLifetime = payment.SessionLifetime,
            MinTicketLifetime = payment.MinTicketLifetime,
            InvoiceInterval = payment.InvoiceInterval,
            CommitGrace = payment.CommitGrace,
            UnpaidPauseGrace = payment.UnpaidPauseGrace,
            OverclaimPercent = options.Testing.OverclaimPercent,
        };
    }

    /// <summary>The terms message for a session whose first commit is <paramref name="commit"/>.</summary>
    public PaymentTerms ToTerms(EthAddress recipient, ReadOnlySpan<byte> commit) => new()
    {
        PricePerGib = WireAmount.ToBytes(PricePerGiB),
        CreditLimit = WireAmount.ToBytes(CreditLimit),
        Recipient = WireAddress.ToBytes(recipient),
        Commit = ByteString.CopyFrom(commit),
        MinTicketLifetime = (ulong)MinTicketLifetime.TotalSeconds,
        ClaimCost = WireAmount.ToBytes(ClaimCost),
        SuggestedFaceValue = WireAmount.ToBytes(SuggestedFaceValue),
        InvoiceIntervalMs = (uint)Math.Min(uint.MaxValue, InvoiceInterval.TotalMilliseconds),
    };
}
