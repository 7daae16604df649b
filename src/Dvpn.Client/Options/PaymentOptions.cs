namespace Dvpn.Client.Options;

/// <summary>Ticket sizing and the payment window (docs/protocol.md §3.3).</summary>
public sealed class PaymentOptions
{
    /// <summary>
    /// How much more than its own measured bytes the client pays for, in parts per million: packets the provider
    /// counted that were lost on the way. Default 50,000 (5%); at most 500,000.
    /// </summary>
    public uint TolerancePpm { get; set; } = 50_000;

    /// <summary>Bytes in flight the client also allows for when judging an invoice. Default 512 KiB.</summary>
    public ulong SlackBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How many consecutive invoices may claim more than the allowance before the provider is left as an
    /// over-claimer. Default 3: one late counter read is not fraud, a steady excess is. 1 to 20.
    /// </summary>
    public int OverClaimStrikes { get; set; } = 3;

    /// <summary>How far ahead of use the client keeps its credit, in bytes of traffic. Default 2 MiB; at most 4 MiB.</summary>
    public ulong PrepayBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// The share of a ticket's face value a provider keeps after paying the claim's gas (DESIGN §4). Face values are
    /// chosen so claim gas is at most 1 - efficiency of them. Default 0.97; 0.5 to 0.999.
    /// </summary>
    public double Efficiency { get; set; } = 0.97;

    /// <summary>Gas one claimed ticket costs the provider (our Lottery, batches of 10). Default 40,000.</summary>
    public ulong ClaimGasPerTicket { get; set; } = 40_000;

    /// <summary>How long a ticket stays claimable. Default 2 hours; at least the provider's minimum.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How often the client reads its own byte count and pays ahead between invoices (see docs/protocol.md §3.3.1).
    /// Default 50 ms: at that pace a flow of about 80 MB/s stays inside the 4 MiB the prepay window and the provider's
    /// credit limit cover together. 10 ms to 1 s.
    /// </summary>
    public TimeSpan PaceInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// A provider that sends no invoice for this long is treated as gone (the client fails over). Default 10 s; at
    /// least 3 of the provider's invoice intervals are always allowed.
    /// </summary>
    public TimeSpan InvoiceTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
