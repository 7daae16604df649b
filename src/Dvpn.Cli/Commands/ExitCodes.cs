namespace Dvpn.Cli.Commands;

/// <summary>dvpnctl's exit codes, stable for scripts.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int DaemonNotRunning = 3;
    public const int PermissionDenied = 4;
    public const int InvalidArgument = 5;
}
