using System.Text;
using Dvpn.Chain;
using Dvpn.Chain.Providers;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// Keeps the provider's Directory listing equal to its configuration and keys: registers when absent, updates when a
/// field differs (a new certificate, key, price, endpoint...), and sends nothing when it already matches, so a
/// restart costs no gas. With <c>Listing:Register=false</c> it only reports differences.
/// </summary>
internal sealed partial class ListingRegistrar
{
    private readonly ProviderOptions _options;
    private readonly ProviderContext _context;
    private readonly ILogger<ListingRegistrar> _logger;

    public ListingRegistrar(IOptions<ProviderOptions> options, ProviderContext context, ILogger<ListingRegistrar> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _context = context;
        _logger = logger;
    }

    /// <summary>What the listing should say.</summary>
    public ProviderRegistration Desired() => new()
    {
        Endpoint = new Uri(_options.Public.Endpoint ?? throw new InvalidOperationException("Provider:Public:Endpoint is not set")),
        TlsFingerprint = _context.CertificatePin,
        WireGuardPublicKey = _context.WireGuardKey.PublicKey.ToArray(),
        PricePerGiB = (System.Numerics.BigInteger)_options.Listing.PricePerGiB,
        Region = _options.Listing.Region,
        Metadata = Encoding.UTF8.GetBytes(_options.Listing.Metadata),
    };

    public async Task EnsureListingAsync(CancellationToken cancellationToken)
    {
        string address = _context.Address.ToString();
        ProviderListing? current;
        try
        {
            current = await _context.Directory.GetProviderAsync(address, cancellationToken).ConfigureAwait(false);
        }
        catch (ChainException e)
        {
            throw new ProviderStartupException("Provider:Chain:Directory", $"cannot read the provider's listing: {e.Message}",
                "check Provider:Chain:Directory and the RPC node");
        }

        if (!_options.Listing.Register)
        {
            if (current is null || _options.Public.Endpoint is null || !Matches(current, Desired()))
            {
                LogListingNotManaged(_logger, address);
            }

            return;
        }

        ProviderRegistration desired = Desired();
        if (current is not null && Matches(current, desired))
        {
            LogListingCurrent(_logger, address);
            return;
        }

        try
        {
            if (current is null)
            {
                try
                {
                    await _context.Directory.RegisterAsync(desired, cancellationToken).ConfigureAwait(false);
                    LogRegistered(_logger, address, desired.Endpoint.OriginalString);
                    return;
                }
                catch (ContractRevertException e) when (e.ErrorName == "AlreadyRegistered")
                {
                    // Registered, but the entry did not parse (a field another version wrote): overwrite it.
                }
            }

            await _context.Directory.UpdateAsync(desired, cancellationToken).ConfigureAwait(false);
            LogUpdated(_logger, address, desired.Endpoint.OriginalString);
        }
        catch (ChainException e)
        {
            throw new ProviderStartupException("Provider:Listing:Register", $"registering the listing of {address} in the Directory failed: {e.Message}",
                $"make sure {address} holds native coin for gas, or set Provider:Listing:Register=false and manage the listing yourself");
        }
    }

    /// <summary>True when <paramref name="listing"/> already says everything <paramref name="desired"/> says.</summary>
    internal static bool Matches(ProviderListing listing, ProviderRegistration desired) =>
        string.Equals(listing.Endpoint.OriginalString, desired.Endpoint.OriginalString, StringComparison.Ordinal)
        && listing.TlsFingerprint.AsSpan().SequenceEqual(desired.TlsFingerprint.Span)
        && listing.WireGuardPublicKey.AsSpan().SequenceEqual(desired.WireGuardPublicKey.Span)
        && listing.PricePerGiB == desired.PricePerGiB
        && string.Equals(listing.Region, desired.Region, StringComparison.Ordinal)
        && listing.Metadata.AsSpan().SequenceEqual(desired.Metadata.Span);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Directory listing of {Address} is up to date")]
    private static partial void LogListingCurrent(ILogger logger, string address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Registered {Address} in the Directory at {Endpoint}")]
    private static partial void LogRegistered(ILogger logger, string address, string endpoint);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Updated the Directory listing of {Address} ({Endpoint})")]
    private static partial void LogUpdated(ILogger logger, string address, string endpoint);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "The Directory listing of {Address} is missing or differs from this configuration; Provider:Listing:Register=false leaves it alone")]
    private static partial void LogListingNotManaged(ILogger logger, string address);
}
