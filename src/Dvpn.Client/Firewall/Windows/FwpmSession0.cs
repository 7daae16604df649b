using System.Runtime.InteropServices;

namespace Dvpn.Client.Firewall.Windows;

/// <summary><c>FWPM_SESSION0</c> (fwpmtypes.h): <c>GUID sessionKey; FWPM_DISPLAY_DATA0 displayData; UINT32 flags;
/// UINT32 txnWaitTimeoutInMSec; DWORD processId; SID* sid; wchar_t* username; BOOL kernelMode;</c>. x64: flags 32,
/// txnWaitTimeoutInMSec 36, processId 40, sid 48, username 56, kernelMode 64; 72 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FwpmSession0
{
    /// <summary><c>sessionKey</c> (zero: the engine assigns one).</summary>
    public Guid SessionKey;

    /// <summary><c>displayData</c>.</summary>
    public FwpmDisplayData0 DisplayData;

    /// <summary><c>flags</c>; we never set <c>FWPM_SESSION_FLAG_DYNAMIC</c>, whose objects die with the session.</summary>
    public uint Flags;

    /// <summary><c>txnWaitTimeoutInMSec</c>: how long <c>FwpmTransactionBegin0</c> waits for another writer.</summary>
    public uint TxnWaitTimeoutInMSec;

    /// <summary><c>processId</c> (output).</summary>
    public uint ProcessId;

    /// <summary><c>SID* sid</c> (output).</summary>
    public nint Sid;

    /// <summary><c>wchar_t* username</c> (output).</summary>
    public nint UserName;

    /// <summary><c>BOOL kernelMode</c> (a 32-bit int; output).</summary>
    public int KernelMode;
}
