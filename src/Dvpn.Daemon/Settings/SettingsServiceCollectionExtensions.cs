using Dvpn.Client.Options;
using Microsoft.Extensions.Options;

namespace Dvpn.Daemon.Settings;

internal static class SettingsServiceCollectionExtensions
{
    public static IServiceCollection AddDaemonSettings(this IServiceCollection services)
    {
        services.AddSingleton<DaemonSettings>();
        services.AddSingleton<IPostConfigureOptions<DvpnClientOptions>, SettingsOverlay>();
        return services;
    }
}
