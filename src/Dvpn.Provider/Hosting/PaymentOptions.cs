namespace Dvpn.Provider.Hosting;

/// <summary>Payment terms and session rules (configuration section <c>Provider:Payment</c>).</summary>
internal sealed class PaymentOptions
{
    /// <summary>The payment token; the zero address is the native coin. Default native (<c>0x000…0</c>).</summary>
    public string Token { get; set; } = "0x0000000000000000000000000000000000000000";

    /// <summary>Unpaid use allowed before the session is paused, in bytes (its value at the price is the credit limit). Default 2 MiB.</summary>
    public ulong CreditLimitBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>The least lottery balance an account needs to open a session, in token units. Default 10^16 (0.01 of an 18-decimal coin).</summary>
    public UInt128 MinBalance { get; set; } = 10_000_000_000_000_000;

    /// <summary>The least lottery escrow an account needs to open a session, in token units. Default 10^16.</summary>
    public UInt128 MinEscrow { get; set; } = 10_000_000_000_000_000;

    /// <summary>
    /// How long a session may stay over its credit limit, paused (no forwarding; the payment stream stays open), before
    /// it ends with CreditExceeded. A payment that brings it back under the limit resumes it at once. Default 30 seconds;
    /// at least the metering interval and less than the session lifetime.
    /// </summary>
    public TimeSpan UnpaidPauseGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a session lasts before the client must open another. Default 1 hour.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a ticket must still be valid when it arrives, so it can be claimed. Default 1 hour.</summary>
    public TimeSpan MinTicketLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often an invoice is sent on the payment stream. Default 1 second.</summary>
    public TimeSpan InvoiceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long tickets on the commit before a rotation are still accepted. Default 30 seconds.</summary>
    public TimeSpan CommitGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gas one ticket's claim costs (the claim cost is this times <see cref="Claims.ClaimOptions.MaxGasPrice"/>). Default 40,000: a winner from a signer the contract has not paid this provider before costs about 38,400 gas in a batch of 10 (bench/claim-efficiency), one from a known signer about 14,400.</summary>
    public ulong ClaimGasPerTicket { get; set; } = 40_000;

    /// <summary>
    /// The claim cost in token units, overriding <see cref="ClaimGasPerTicket"/> x <see cref="Claims.ClaimOptions.MaxGasPrice"/>
    /// (which is in the native coin): set it when <see cref="Token"/> is an ERC-20. Default none.
    /// </summary>
    public UInt128? ClaimCost { get; set; }

    /// <summary>How long an on-chain lottery account read is reused. Default 15 seconds.</summary>
    public TimeSpan AccountRefresh { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The share of a face value the provider wants to keep after claim gas, for the suggested face value. Default 0.97.</summary>
    public double EfficiencyTarget { get; set; } = 0.97;
}
