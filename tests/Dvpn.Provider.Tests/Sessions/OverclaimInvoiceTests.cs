using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Sessions;
using Dvpn.Protocol.V1;
using Dvpn.Protocol.Wire;
using Dvpn.Provider.DataPlane;
using Dvpn.Provider.Hosting;
using Dvpn.Provider.Sessions;
using Dvpn.Provider.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Tests.Sessions;

/// <summary>
/// Provider:Testing:OverclaimPercent, the deliberately dishonest provider client tests run against: its invoices
/// inflate the metered bytes (and owed with them) by the factor, while its own ledger keeps the truth.
/// </summary>
public sealed class OverclaimInvoiceTests : IDisposable
{
    private readonly SessionKit _kit = new();

    public static TheoryData<int, ulong, ulong> Inflations => new()
    {
        // percent, metered, invoiced = floor(metered * (100 + percent) / 100)
        { 0, 1_000_000, 1_000_000 },
        { 25, 1_000_000, 1_250_000 },
        { 10, 999, 1_098 },
        { 1000, 3, 33 },
        { 50, ulong.MaxValue, ulong.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Inflations))]
    public void CreateInvoice_OverclaimPercent_InflatesBytesAndOwedByTheFactor(int percent, ulong metered, ulong invoiced)
    {
        using Session session = OpenSession(percent);
        session.RecordCounters(new PeerCounters(metered, 0, null), _kit.Time.GetUtcNow());

        Invoice invoice = session.CreateInvoice(_kit.Time.GetUtcNow());

        Assert.Equal(invoiced, invoice.MeteredBytes);
        // The kit's price is one unit per byte: owed = invoiced bytes.
        Assert.True(WireAmount.TryRead(invoice.Owed, out BigInteger owed));
        Assert.Equal((BigInteger)invoiced, owed);
    }

    [Fact]
    public void CreateInvoice_Overclaiming_LeavesTheLedgerAndCutOffOnTheTrueCount()
    {
        using Session session = OpenSession(100);
        session.RecordCounters(new PeerCounters(SessionKit.CreditLimitBytes, 0, null), _kit.Time.GetUtcNow());

        Invoice invoice = session.CreateInvoice(_kit.Time.GetUtcNow());

        Assert.Equal(2 * SessionKit.CreditLimitBytes, invoice.MeteredBytes);
        lock (session.Sync)
        {
            Assert.Equal(SessionKit.CreditLimitBytes, session.Ledger.MeteredBytes);
            Assert.False(session.Ledger.IsOverLimit);
        }
    }

    [Fact]
    public void Bind_OverclaimPercentByDefault_IsZero()
    {
        ProviderOptions options = ProviderOptionsValidatorTests.Resolve(ProviderOptionsValidatorTests.Required());

        Assert.Equal(0, options.Testing.OverclaimPercent);
        Assert.Equal(0, PaymentSettings.Create(options).OverclaimPercent);
    }

    [Fact]
    public void Bind_OverclaimPercentSet_ReachesThePaymentSettings()
    {
        Dictionary<string, string?> settings = ProviderOptionsValidatorTests.Required();
        settings["Provider:Testing:OverclaimPercent"] = "1000";

        ProviderOptions options = ProviderOptionsValidatorTests.Resolve(settings);

        Assert.Equal(1000, PaymentSettings.Create(options).OverclaimPercent);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    public void Validate_OverclaimPercentOutOfRange_FailsNamingTheSetting(string value)
    {
        Dictionary<string, string?> settings = ProviderOptionsValidatorTests.Required();
        settings["Provider:Testing:OverclaimPercent"] = value;

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => ProviderOptionsValidatorTests.Resolve(settings));

        string failure = Assert.Single(e.Failures);
        Assert.StartsWith("Provider:Testing:OverclaimPercent must be between 0 and 1000", failure, StringComparison.Ordinal);
    }

    public void Dispose() => _kit.Dispose();

    private Session OpenSession(int overclaimPercent)
    {
        _kit.Options.Testing.OverclaimPercent = overclaimPercent;
        PaymentSettings settings = PaymentSettings.Create(_kit.Options);
        var request = new SessionRequest(SessionKit.ChainId, SessionKit.Lottery, SessionKit.Provider, RandomNumberGenerator.GetBytes(32),
            SessionKit.Funder, _kit.Signer.Address, EthAddress.Zero, _kit.Time.GetUtcNow(), RandomNumberGenerator.GetBytes(16), false);
        var addresses = new SessionAddresses(IPAddress.Parse("10.77.0.2"), null);
        return new Session(SessionId.New(), request, addresses, settings, _kit.Time.GetUtcNow());
    }
}
