using Dvpn.Provider.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Tests.Claims;

public sealed class ClaimOptionsTests
{
    private static ValidateOptionsResult Validate(ClaimOptions options) => new ClaimOptionsValidator().Validate(null, options);

    [Fact]
    public void Defaults_AreTheDocumentedOnesAndValid()
    {
        var o = new ClaimOptions();

        Assert.Equal(10, o.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Interval);
        Assert.Equal(TimeSpan.FromHours(1), o.ExpiryMargin);
        Assert.Equal(2_000_000_000UL, o.MaxGasPrice);
        Assert.True(Validate(o).Succeeded);
    }

    [Fact]
    public void Validate_ExpiryMarginNotLongerThanInterval_Fails()
    {
        ValidateOptionsResult r = Validate(new ClaimOptions { Interval = TimeSpan.FromMinutes(5), ExpiryMargin = TimeSpan.FromMinutes(5) });

        Assert.True(r.Failed);
        Assert.Contains("ExpiryMargin", r.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Validate_BatchSizeOutOfRange_Fails(int batchSize) =>
        Assert.True(Validate(new ClaimOptions { BatchSize = batchSize }).Failed);

    [Fact]
    public void Validate_ZeroMaxGasPrice_Fails() =>
        Assert.True(Validate(new ClaimOptions { MaxGasPrice = 0 }).Failed);

    [Fact]
    public void AddClaimWorker_BindsTheProviderClaimsSection()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Claims:BatchSize"] = "25",
            ["Provider:Claims:Interval"] = "00:00:10",
            ["Provider:Claims:MaxGasPrice"] = "10000000",
        }).Build();
        using ServiceProvider sp = new ServiceCollection().AddClaimWorker(config).BuildServiceProvider();

        ClaimOptions o = sp.GetRequiredService<IOptions<ClaimOptions>>().Value;

        Assert.Equal(25, o.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Interval);
        Assert.Equal(10_000_000UL, o.MaxGasPrice);
    }

    [Fact]
    public void AddClaimWorker_InvalidSection_FailsWhenOptionsAreRead()
    {
        IConfiguration config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider:Claims:BatchSize"] = "0",
        }).Build();
        using ServiceProvider sp = new ServiceCollection().AddClaimWorker(config).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ClaimOptions>>().Value);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 30)]
    [InlineData(40, 30)]
    public void RetryDelayAfter_DoublesUpToTheInterval(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ClaimWorker.RetryDelayAfter(failures, new ClaimOptions()));
}
