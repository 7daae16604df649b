namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>What runs one end of an interop tunnel.</summary>
public enum Implementation
{
    /// <summary>Our engine in this process (<see cref="UserspaceInterface.Start"/>), so a test can reach its internals and clock.</summary>
    Ours,

    /// <summary>Our engine as the <c>dvpn-wg</c> executable, with wireguard-go's command line.</summary>
    OursProcess,

    /// <summary>Debian's wireguard-go.</summary>
    WireGuardGo,
}
