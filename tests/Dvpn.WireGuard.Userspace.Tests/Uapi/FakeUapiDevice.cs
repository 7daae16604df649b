using System.Collections.Concurrent;
using Dvpn.WireGuard.Userspace.Uapi;

namespace Dvpn.WireGuard.Userspace.Tests.Uapi;

/// <summary>A device that records what it is asked to apply (with copies of the keys, since the server wipes them) and reports a fixed snapshot.</summary>
internal sealed class FakeUapiDevice : IUapiDevice
{
    public UapiDeviceSnapshot Snapshot { get; set; } = new();

    /// <summary>When set, Apply throws it.</summary>
    public Exception? ApplyFailure { get; set; }

    public ConcurrentQueue<UapiSetRequest> Applied { get; } = new();

    public byte[]? LastPrivateKeyCopy { get; private set; }

    public UapiDeviceSnapshot GetSnapshot() => Snapshot;

    public void Apply(UapiSetRequest request)
    {
        if (ApplyFailure is { } failure)
        {
            throw failure;
        }

        LastPrivateKeyCopy = request.PrivateKey?.ToArray();
        Applied.Enqueue(request);
    }
}
