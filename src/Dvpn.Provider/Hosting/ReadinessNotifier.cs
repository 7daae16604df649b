using Microsoft.Extensions.Hosting.Systemd;

namespace Dvpn.Provider.Hosting;

/// <summary>
/// Tells the service manager the provider is ready: sd_notify READY=1 to <c>$NOTIFY_SOCKET</c>. Under systemd the
/// host's <see cref="SystemdLifetime"/> already sends it when the server has started; any other supervisor that
/// sets NOTIFY_SOCKET (a test harness) gets it from here, once every start step succeeded.
/// </summary>
internal static class ReadinessNotifier
{
    /// <summary>Sends READY=1 unless no one listens or the systemd lifetime has sent it.</summary>
    /// <returns>True when this call sent it.</returns>
    public static bool NotifyReady(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<IHostLifetime>() is SystemdLifetime)
        {
            return false;
        }

        var notifier = new SystemdNotifier();
        if (!notifier.IsEnabled)
        {
            return false;
        }

        notifier.Notify(ServiceState.Ready);
        return true;
    }

    /// <summary>Sends STOPPING=1 when this process sent READY=1 itself.</summary>
    public static void NotifyStopping()
    {
        var notifier = new SystemdNotifier();
        if (notifier.IsEnabled)
        {
            notifier.Notify(ServiceState.Stopping);
        }
    }
}
