namespace Dvpn.Daemon.Hosting;

/// <summary>dvpnd's exit codes (a contract with dvpnctl, the systemd unit and the tests).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadConfiguration = 2;
    public const int AnotherInstance = 3;
}
