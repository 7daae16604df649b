// dvpn-provider: see Hosting/ProviderHost.cs for the process, appsettings.json for every setting.
return await Dvpn.Provider.Hosting.ProviderHost.RunAsync(args).ConfigureAwait(false);
