// dvpnd: the DvpnClient daemon (work in progress for issue 6).
return await Dvpn.Daemon.Hosting.DaemonHost.RunAsync(args).ConfigureAwait(false);
