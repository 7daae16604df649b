using Dvpn.Client;
using Dvpn.Client.Hosting;
using Dvpn.Client.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DvpnClient in a service collection.</summary>
public static class DvpnClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="DvpnClient"/> configured by <paramref name="configure"/>, its options validated when
    /// the host starts (<see cref="DvpnClientOptionsValidator"/>), and a hosted service that starts the client with the
    /// host (returning to the persisted target state) and closes its session when the host stops. Uses the
    /// container's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> (the system clock when none is
    /// registered). Calling it again adds another configuration action and nothing else.
    /// </summary>
    public static IServiceCollection AddDvpnClient(this IServiceCollection services, Action<DvpnClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DvpnClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DvpnClientOptions>, DvpnClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => DvpnClient.Create(
            sp.GetRequiredService<IOptions<DvpnClientOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DvpnClientHostedService>());
        return services;
    }
}
