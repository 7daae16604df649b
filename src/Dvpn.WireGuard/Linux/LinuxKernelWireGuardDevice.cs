using System.Runtime.Versioning;
using System.Security.Cryptography;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.Linux;

/// <summary>
/// A kernel WireGuard interface. Disposing closes the sockets and leaves the interface in place;
/// <see cref="DeleteAsync"/> removes it.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LinuxKernelWireGuardDevice(string name, NetlinkSocket genl, ushort familyId, RtNetlinkInterfaceControl links) : IWireGuardDevice
{
    private const int RequestBufferSize = 64;

    public string Name => name;

    public WireGuardBackendKind Backend => WireGuardBackendKind.LinuxKernel;

    public Task ApplyAsync(InterfaceConfig configuration, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<byte[]> messages = WireGuardSetDeviceEncoder.Encode(familyId, name, configuration);
        try
        {
            foreach (byte[] message in messages)
            {
                genl.Execute(message, null, $"WG_CMD_SET_DEVICE on {name}");
            }
        }
        finally
        {
            foreach (byte[] message in messages)
            {
                CryptographicOperations.ZeroMemory(message); // they carry the private and preshared keys
            }
        }

        return Task.CompletedTask;
    }

    public Task SetPeerAsync(PeerConfig peer, CancellationToken cancellationToken = default) =>
        ApplyAsync(new InterfaceConfig { Peers = [peer] }, cancellationToken);

    public Task RemovePeerAsync(PublicKey publicKey, CancellationToken cancellationToken = default) =>
        ApplyAsync(new InterfaceConfig { Peers = [new PeerConfig { PublicKey = publicKey, Remove = true }] }, cancellationToken);

    public Task<DeviceState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Span<byte> buffer = stackalloc byte[RequestBufferSize];
        var writer = new NetlinkWriter(buffer, familyId, NetlinkMessageHeader.NLM_F_DUMP);
        GenericNetlink.WriteHeader(ref writer, WireGuardNetlink.WG_CMD_GET_DEVICE, WireGuardNetlink.FamilyVersion);
        writer.PutString(WireGuardNetlink.WGDEVICE_A_IFNAME, name);
        var parser = new WireGuardDeviceReplyParser(familyId);
        genl.Execute(writer.Finish(), (in NetlinkMessageHeader header, ReadOnlySpan<byte> payload) => parser.TryAdd(header, payload), $"WG_CMD_GET_DEVICE on {name}");
        return parser.Error is { } error
            ? Task.FromException<DeviceState>(NetlinkException.Malformed(error))
            : Task.FromResult(parser.ToState());
    }

    public Task SetUpAsync(bool up, CancellationToken cancellationToken = default) =>
        links.SetLinkStateAsync(name, up, cancellationToken);

    public Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _ = links.DeleteLink(name);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        genl.Dispose();
        links.Dispose();
        return ValueTask.CompletedTask;
    }
}
