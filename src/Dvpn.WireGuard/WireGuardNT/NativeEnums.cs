namespace Dvpn.WireGuard.WireGuardNT;

// The plain enums of api/wireguard.h, together for the same reason as NativeFlags. C enums are 32 bits wide, as
// these are. They live outside Interop so that platform-neutral code can name them.

/// <summary>WIREGUARD_ADAPTER_STATE.</summary>
internal enum WireGuardAdapterState
{
    /// <summary>WIREGUARD_ADAPTER_STATE_DOWN.</summary>
    Down = 0,

    /// <summary>WIREGUARD_ADAPTER_STATE_UP.</summary>
    Up = 1,
}

/// <summary>WIREGUARD_LOGGER_LEVEL.</summary>
internal enum WireGuardLoggerLevel
{
    /// <summary>WIREGUARD_LOG_INFO.</summary>
    Info = 0,

    /// <summary>WIREGUARD_LOG_WARN.</summary>
    Warn = 1,

    /// <summary>WIREGUARD_LOG_ERR.</summary>
    Err = 2,
}

/// <summary>WIREGUARD_ADAPTER_LOG_STATE.</summary>
internal enum WireGuardAdapterLogState
{
    /// <summary>WIREGUARD_ADAPTER_LOG_OFF: the driver generates no logs for the adapter.</summary>
    Off = 0,

    /// <summary>WIREGUARD_ADAPTER_LOG_ON.</summary>
    On = 1,

    /// <summary>WIREGUARD_ADAPTER_LOG_ON_WITH_PREFIX: logs are prefixed with the adapter index.</summary>
    OnWithPrefix = 2,
}
