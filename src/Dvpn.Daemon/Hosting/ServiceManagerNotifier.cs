using Microsoft.Extensions.Hosting.Systemd;

namespace Dvpn.Daemon.Hosting;

/// <summary>
/// sd_notify for any supervisor that sets <c>NOTIFY_SOCKET</c>: READY=1 once the API serves (ApplicationStarted, which
/// comes after Kestrel listens) and STOPPING=1 when the host begins to stop. <c>UseSystemd</c> only switches on when
/// systemd is the parent process (<see cref="SystemdHelpers.IsSystemdService"/>); then its <see cref="SystemdLifetime"/>
/// sends both and this does nothing, so a notification is never sent twice. Other supervisors (a test harness, a
/// container's init with a notify shim) get them from here. Abstract socket names (<c>@name</c>) work:
/// <see cref="SystemdNotifier"/> maps them.
/// </summary>
internal sealed class ServiceManagerNotifier(IHostApplicationLifetime lifetime, IHostLifetime hostLifetime) : IHostedService
{
    private CancellationTokenRegistration _started;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (hostLifetime is SystemdLifetime)
        {
            return Task.CompletedTask;
        }

        var notifier = new SystemdNotifier();
        if (notifier.IsEnabled)
        {
            _started = lifetime.ApplicationStarted.Register(() => notifier.Notify(ServiceState.Ready));
            _stopping = lifetime.ApplicationStopping.Register(() => notifier.Notify(ServiceState.Stopping));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        _stopping.Dispose();
        return Task.CompletedTask;
    }
}
