namespace Dvpn.WireGuard.Userspace.Uapi;

/// <summary>What the UAPI server needs from a device: a snapshot for <c>get=1</c> and an atomic apply for <c>set=1</c>.</summary>
internal interface IUapiDevice
{
    /// <summary>The current configuration and statistics.</summary>
    UapiDeviceSnapshot GetSnapshot();

    /// <summary>Applies a whole parsed <c>set=1</c> request at once; throws <see cref="UapiSetException"/> with an errno when it cannot.</summary>
    /// <remarks>
    /// The UAPI server calls this for one request at a time, and zeroes the request's key arrays
    /// (<see cref="UapiSetRequest.PrivateKey"/>, <see cref="UapiPeerChange.PresharedKey"/>) when it returns: copy what
    /// you keep. A <see cref="UapiSetException"/> is answered with its errno (negated on the wire, as wireguard-go
    /// does); any other exception with EIO.
    /// </remarks>
    void Apply(UapiSetRequest request);
}
