namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>What the UAPI server needs from a device: a snapshot for <c>get=1</c> and an atomic apply for <c>set=1</c>.</summary>
internal interface IUapiDevice
{
    /// <summary>The current configuration and statistics.</summary>
    UapiDeviceSnapshot GetSnapshot();

    /// <summary>Applies a whole parsed <c>set=1</c> request at once; throws <see cref="UapiSetException"/> with an errno when it cannot.</summary>
    void Apply(UapiSetRequest request);
}
