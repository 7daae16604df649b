using Dvpn.Provider.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the claim worker.</summary>
internal static class ClaimsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ClaimWorker"/> as a singleton (so the ticket path can call <see cref="ClaimWorker.Wake"/>) and
    /// as a hosted service, with <see cref="ClaimOptions"/> bound from <c>Provider:Claims</c> of
    /// <paramref name="configuration"/> and validated at start. Idempotent. The caller registers the
    /// <see cref="TicketStore"/> and the provider's <see cref="Dvpn.Chain.Lottery.LotteryClient"/> (connected with its
    /// transaction key), and may register an <see cref="IClaimObserver"/> for metrics.
    /// </summary>
    public static IServiceCollection AddClaimWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClaimOptions>().Bind(configuration.GetSection(ClaimOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClaimOptions>, ClaimOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClaimWorker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClaimWorker>(
            sp => sp.GetRequiredService<ClaimWorker>()));
        return services;
    }
}
