using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Dvpn.Client.Firewall.Windows;

/// <summary>
/// A session with the Base Filtering Engine (<c>FwpmEngineOpen0</c>), closed exactly once. The session is not
/// dynamic: closing it (or the service dying) leaves our persistent provider, sublayer and filters in force, which is
/// what fail closed needs.
/// </summary>
/// <remarks>Written and compiled, not run: this machine has no Windows.</remarks>
[SupportedOSPlatform("windows")]
internal sealed class WfpEngineHandle : SafeHandle
{
    /// <summary>How long a transaction waits for another writer (<c>txnWaitTimeoutInMSec</c>) before
    /// <c>FWP_E_TIMEOUT</c>.</summary>
    public const uint TransactionWaitMilliseconds = 15_000;

    private const string SessionName = "DvpnClient kill switch";

    /// <summary>Used by the interop marshaller for <c>out</c> handles; call <see cref="Open"/>.</summary>
    public WfpEngineHandle() : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Opens a (non-dynamic) session with the local filter engine.</summary>
    /// <exception cref="FirewallException">The engine is not running, or the caller is not an administrator.</exception>
    public static unsafe WfpEngineHandle Open()
    {
        fixed (char* name = SessionName)
        {
            FwpmSession0 session = new()
            {
                DisplayData = new FwpmDisplayData0 { Name = (nint)name },
                TxnWaitTimeoutInMSec = TransactionWaitMilliseconds,
            };
            uint status = WfpNative.FwpmEngineOpen0(0, WfpConstants.RpcCAuthnWinNT, 0, &session, out WfpEngineHandle engine);
            if (status != 0)
            {
                engine.Dispose();
                throw WfpErrors.Exception(status, "open the filter engine");
            }

            return engine;
        }
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => WfpNative.FwpmEngineClose0(handle) == 0;
}
