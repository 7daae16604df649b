using Dvpn.Control.Server.Authorization;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the control API's authorization with gRPC.</summary>
public static class ControlServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AuthorizationInterceptor"/> to every gRPC service, with an <see cref="AccessPolicy"/> resolved
    /// from <see cref="AccessPolicyOptions"/> (the operator group is looked up once, when the host starts)
    /// and <paramref name="methods"/>. Calling it again registers nothing twice (a
    /// second <paramref name="configure"/> still applies; the first table stays).
    /// </summary>
    /// <param name="services">The daemon's services.</param>
    /// <param name="methods">The role each method requires; unlisted methods require Admin.</param>
    /// <param name="configure">Sets the operator group; default <c>dvpn</c> in <c>/etc/group</c>.</param>
    public static IServiceCollection AddDvpnControlAuthorization(this IServiceCollection services,
        MethodAccessTable methods, Action<AccessPolicyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(methods);
        var options = services.AddOptions<AccessPolicyOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.OperatorGroup) && !o.OperatorGroup.Contains(':', StringComparison.Ordinal),
                "AccessPolicyOptions.OperatorGroup must be a group name")
            .Validate(o => Path.IsPathFullyQualified(o.GroupFile), "AccessPolicyOptions.GroupFile must be an absolute path")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(MethodAccessTable)))
        {
            return services;
        }

        services.TryAddSingleton(methods);
        services.TryAddSingleton(provider => AccessPolicy.Create(
            provider.GetRequiredService<IOptions<AccessPolicyOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<AccessPolicy>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AccessPolicyWarmup>());
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<AuthorizationInterceptor>());
        return services;
    }
}
