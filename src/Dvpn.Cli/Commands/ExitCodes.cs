using Grpc.Core;

namespace Dvpn.Cli.Commands;

/// <summary>dvpnctl's exit codes, stable for scripts (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int DaemonNotRunning = 3;
    public const int PermissionDenied = 4;
    public const int InvalidArgument = 5;

    /// <summary>The daemon refused because of the state it is in: funds, a spending cap, a locked withdrawal, not connected.</summary>
    public const int Precondition = 6;

    /// <summary>No such provider, session or transaction.</summary>
    public const int NotFound = 7;

    /// <summary>Worth trying again later: no provider available, chain unreachable, deadline, resources exhausted.</summary>
    public const int Unavailable = 8;

    /// <summary>Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for a status the daemon answered with.</summary>
    public static int For(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => InvalidArgument,
        StatusCode.PermissionDenied or StatusCode.Unauthenticated => PermissionDenied,
        StatusCode.FailedPrecondition => Precondition,
        StatusCode.NotFound => NotFound,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted => Unavailable,
        StatusCode.Cancelled => Cancelled,
        _ => Failed,
    };
}
