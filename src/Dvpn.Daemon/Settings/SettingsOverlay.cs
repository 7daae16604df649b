using Dvpn.Client.Options;
using Microsoft.Extensions.Options;

namespace Dvpn.Daemon.Settings;

/// <summary>Runs after the configuration is bound to the library's options and before anyone reads them: loads
/// settings.json and puts its selection (regions, prices, stake, probe count, allow/deny lists) in place.</summary>
internal sealed class SettingsOverlay(DaemonSettings settings) : IPostConfigureOptions<DvpnClientOptions>
{
    public void PostConfigure(string? name, DvpnClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == Options.DefaultName)
        {
            settings.Initialize(options);
        }
    }
}
