// dvpnd: the DvpnClient daemon. `dvpnd` runs it; `dvpnd install` / `dvpnd uninstall` set it up as a system service.
using Dvpn.Daemon.Hosting;
using Dvpn.Daemon.Install;

return args is [("install" or "uninstall") and var verb, .. var rest]
    ? await ServiceInstaller.RunAsync(verb, rest).ConfigureAwait(false)
    : await DaemonHost.RunAsync(args).ConfigureAwait(false);
