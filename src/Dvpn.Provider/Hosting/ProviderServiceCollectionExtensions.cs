using Dvpn.Chain.Tickets;
using Dvpn.Protocol.Sessions;
using Dvpn.Provider.Claims;
using Dvpn.Provider.Metrics;
using Dvpn.Provider.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dvpn.Provider.Hosting;

/// <summary>The provider's services. Parts that need the chain or the tunnel read them from <see cref="ProviderContext"/>,
/// which the start sequence fills before any of them is resolved.</summary>
internal static class ProviderServiceCollectionExtensions
{
    public static IServiceCollection AddDvpnProvider(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(ProviderOptions.SectionName);
        services.AddOptions<ProviderOptions>()
            .Bind(section)
            .Configure(options =>
            {
                // The binder appends configured list items to a list's initial items; a configured DNS list replaces the default.
                if (section.GetSection("Tunnel:Dns").Get<List<string>>() is { Count: > 0 } dns)
                {
                    options.Tunnel.Dns = dns;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProviderOptions>, ProviderOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<ProviderMetrics>();
        services.TryAddSingleton<ProviderContext>();
        services.TryAddSingleton<ListingRegistrar>();
        services.TryAddSingleton<ProviderBootstrap>();

        services.TryAddSingleton(sp => PaymentSettings.Create(Options(sp)));
        services.TryAddSingleton(sp => new SessionManager(Options(sp).Limits.MaxSessions));
        services.TryAddSingleton(sp => new OpenRateLimiter(Options(sp).Limits));
        services.TryAddSingleton(sp =>
        {
            ProviderContext context = sp.GetRequiredService<ProviderContext>();
            return new AccountCache(
                (key, ct) => context.Lottery.GetAccountAsync(key.Token.ToString(), key.Funder.ToString(), key.Signer.ToString(), ct),
                Options(sp).Payment.AccountRefresh, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AccountCache>>());
        });
        services.TryAddSingleton(sp =>
        {
            ProviderContext context = sp.GetRequiredService<ProviderContext>();
            ProviderOptions options = Options(sp);
            var expectations = new SessionRequestExpectations
            {
                ChainId = options.Chain.ChainId,
                Lottery = EthAddress.Parse(options.Chain.Lottery),
                Provider = context.Address,
                AcceptedTokens = new HashSet<EthAddress> { EthAddress.Parse(options.Payment.Token) },
            };
            return new SessionRequestValidator(expectations, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            ProviderContext context = sp.GetRequiredService<ProviderContext>();
            ClaimWorker claims = sp.GetRequiredService<ClaimWorker>();
            return new TicketProcessor(context.Store, context.Verifier, context.Address, sp.GetRequiredService<PaymentSettings>(),
                sp.GetRequiredService<ProviderMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TicketProcessor>>())
            {
                WinnerQueued = claims.Wake, // a full batch is claimed without waiting for the interval
            };
        });
        services.TryAddSingleton<SessionTerminator>();
        services.TryAddSingleton<ISessionForwarding, TunnelForwarding>();
        services.TryAddSingleton<SessionPauser>();
        services.TryAddSingleton(sp => new SessionMeter(sp.GetRequiredService<SessionManager>(), sp.GetRequiredService<AccountCache>(),
            sp.GetRequiredService<PaymentSettings>(), Options(sp).Metering.IdleTimeout, sp.GetRequiredService<ProviderMetrics>()));

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 16 * 1024;
            grpc.EnableDetailedErrors = false;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MeteringService>());

        // The claim worker takes the ticket store and the lottery client (connected with the provider's key) as
        // services; both exist once the start sequence ran, which is before any hosted service is built.
        services.TryAddSingleton(sp => sp.GetRequiredService<ProviderContext>().Store);
        services.TryAddSingleton(sp => sp.GetRequiredService<ProviderContext>().Lottery);
        services.TryAddSingleton<IClaimObserver, ClaimMetricsObserver>();
        services.AddClaimWorker(configuration);
        return services;
    }

    private static ProviderOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ProviderOptions>>().Value;
}
