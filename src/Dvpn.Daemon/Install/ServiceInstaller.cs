namespace Dvpn.Daemon.Install;

internal static class ServiceInstaller
{
    public static Task<int> RunAsync(string verb, string[] args) => Task.FromResult(Hosting.ExitCodes.BadConfiguration);
}
