using Dvpn.Provider.Hosting;
using Microsoft.Extensions.Configuration;

namespace Dvpn.Provider.Tests.Hosting;

public sealed class ConfigurationSourcesTests
{
    [Fact]
    public void PrefixedEnvironmentVariable_SetsTheProviderSetting()
    {
        const string variable = "DVPN_PROVIDER__Listing__Region";
        Environment.SetEnvironmentVariable(variable, "eu-test");
        try
        {
            var builder = new ConfigurationBuilder();
            ProviderHost.AddConfigurationSources(builder, []);

            Assert.Equal("eu-test", builder.Build()["Provider:Listing:Region"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void CommandLine_WinsOverThePrefixedEnvironment()
    {
        const string variable = "DVPN_PROVIDER__Listing__Metadata";
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            var builder = new ConfigurationBuilder();
            ProviderHost.AddConfigurationSources(builder, ["--Provider:Listing:Metadata=from-command-line"]);

            Assert.Equal("from-command-line", builder.Build()["Provider:Listing:Metadata"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
