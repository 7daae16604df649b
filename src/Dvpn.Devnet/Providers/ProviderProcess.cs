using System.Runtime.Versioning;
using Dvpn.Devnet.Namespaces;
using Dvpn.Devnet.Processes;

namespace Dvpn.Devnet.Providers;

/// <summary>
/// The real dvpn-provider executable (<c>dotnet dvpn-provider.dll</c>) running inside a provider site's namespace
/// (<c>ip netns exec</c>), configured on the command line, with <c>NOTIFY_SOCKET</c> pointing at a socket the test
/// listens on: ready means it sent <c>READY=1</c>. Its output is captured for failure messages.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProviderProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultExitTimeout = TimeSpan.FromSeconds(30);

    private readonly NotifySocket _notify;

    private ProviderProcess(ProviderSite site, ProviderSettings settings, HostProcess process, NotifySocket notify)
    {
        Site = site;
        Settings = settings;
        Process = process;
        _notify = notify;
    }

    public ProviderSite Site { get; }

    public ProviderSettings Settings { get; }

    public HostProcess Process { get; }

    /// <summary>Everything the provider printed so far (stdout and stderr).</summary>
    public string Output => Process.Output;

    public bool HasExited => Process.HasExited;

    /// <summary>Starts the provider and waits for <c>READY=1</c>; fails with its output when it exits or times out first.</summary>
    public static async Task<ProviderProcess> StartAsync(ProviderSite site, ProviderSettings settings, TimeSpan? readyTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ProviderProcess provider = Launch(site, settings);
        try
        {
            await provider.WaitReadyAsync(readyTimeout ?? DefaultReadyTimeout, cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the provider without waiting for anything (for tests of a refused start).</summary>
    public static ProviderProcess Launch(ProviderSite site, ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(settings);
        var notify = new NotifySocket();
        try
        {
            var environment = new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path };
            HostProcess process = site.Host.Start(["dotnet", ProviderBinary.Locate(), .. settings.ToArguments()], environment);
            return new ProviderProcess(site, settings.Clone(), process, notify);
        }
        catch
        {
            notify.Dispose();
            throw;
        }
    }

    /// <summary>Waits for <c>READY=1</c> on the notify socket (see <see cref="NotifySocket.WaitReadyAsync"/>).</summary>
    public Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _notify.WaitReadyAsync(Process, "dvpn-provider", timeout, cancellationToken);

    /// <summary>Waits for the provider to exit by itself (e.g. after refusing to start) and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Process.WaitForExitAsync(timeout ?? DefaultExitTimeout, cancellationToken);

    /// <summary>SIGTERM, as systemd stops it; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Process.TerminateAsync(timeout ?? DefaultExitTimeout, cancellationToken);

    /// <summary>
    /// SIGKILL, then, as systemd does for a crashed service's cgroup, SIGKILL for whatever it started in its namespace
    /// (its wireguard-go). Returns the provider's exit code.
    /// </summary>
    public async Task<int> KillAsync(CancellationToken cancellationToken = default)
    {
        int code = await Process.KillAsync(DefaultExitTimeout, cancellationToken);
        await Site.Host.KillAllProcessesAsync(cancellationToken);
        return code;
    }

    /// <summary>Whether the notify socket has received <c>READY=1</c>.</summary>
    public bool SentReady => _notify.SentReady;

    /// <summary>Stops the provider if it still runs (SIGTERM, then SIGKILL) and closes the notify socket.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Process.DisposeAsync();
        }
        finally
        {
            _notify.Dispose();
        }
    }

    public override string ToString() => $"dvpn-provider in {Site}: {Process}";
}
