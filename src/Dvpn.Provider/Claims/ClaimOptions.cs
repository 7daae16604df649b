using System.ComponentModel.DataAnnotations;

namespace Dvpn.Provider.Claims;

/// <summary>How the claim worker batches and prices claims (configuration section <c>Provider:Claims</c>).</summary>
internal sealed class ClaimOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Provider:Claims";

    /// <summary>
    /// Tickets per claim transaction; a full batch waiting wakes the worker at once. Default 10. Between 1 and 200
    /// (a batch of 200 stays far below a block's gas limit).
    /// </summary>
    [Range(1, 200)]
    public int BatchSize { get; set; } = 10;

    /// <summary>How often the worker looks at the queue when nobody wakes it. Default 30 s; 1 s to 1 day.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A winner whose expiry is this close (chain time) is claimed even in a batch that is not full. Default 1 h;
    /// 1 min to 30 days, and more than <see cref="Interval"/> so a check always falls inside the margin.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most a claim pays per gas, in wei (its <c>maxFeePerGas</c>). While the network's gas price is above it
    /// the worker waits and logs. Also what the provider tells clients a claim costs. Default 2 gwei; at least 1.
    /// </summary>
    [Range(1UL, ulong.MaxValue)]
    public ulong MaxGasPrice { get; set; } = 2_000_000_000;

    /// <summary>
    /// The first wait after a failed claim; each further failure in a row doubles it, up to <see cref="Interval"/>.
    /// Default 5 s; 100 ms to 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExpiryMargin <= Interval)
        {
            yield return new ValidationResult(
                $"Provider:Claims:ExpiryMargin ({ExpiryMargin}) must be longer than Provider:Claims:Interval ({Interval}), " +
                "or a winner can expire between two checks", [nameof(ExpiryMargin), nameof(Interval)]);
        }
    }
}
