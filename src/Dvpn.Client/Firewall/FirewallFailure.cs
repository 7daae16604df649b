namespace Dvpn.Client.Firewall;

/// <summary>Why the firewall could not be changed or read.</summary>
internal enum FirewallFailure
{
    /// <summary>The <c>nft</c> program (or the namespace prefix) cannot be started.</summary>
    ToolMissing,

    /// <summary>The caller lacks root / CAP_NET_ADMIN.</summary>
    PermissionDenied,

    /// <summary>nft ran and refused the script (or the kernel lacks nf_tables).</summary>
    Refused,

    /// <summary>nft did not finish in time.</summary>
    TimedOut,
}
