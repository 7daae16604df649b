using System.ComponentModel;
using System.Runtime.InteropServices;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;

namespace Dvpn.WireGuard.WireGuardNT;

/// <summary>
/// Moves configurations across the boundary: serializes into a zeroed, aligned native buffer for
/// WireGuardSetConfiguration, and runs the WireGuardGetConfiguration size negotiation (the required size may
/// change between calls, as peers come and go) before parsing the result.
/// </summary>
internal static class AdapterConfiguration
{
    /// <summary>The first buffer offered: an interface with four peers of four allowed IPs each fits.</summary>
    public const int InitialSize = NativeLayout.Interface.Size + (4 * (NativeLayout.Peer.Size + (4 * NativeLayout.AllowedIP.Size)));

    /// <summary>Calls of WireGuardGetConfiguration before giving up on a size that keeps changing.</summary>
    public const int MaxAttempts = 8;

    /// <summary>
    /// The largest buffer we allocate on the driver's word (64 MiB: about 400,000 peers with one allowed IP each).
    /// A bigger request means a confused driver, not a real configuration.
    /// </summary>
    public const int MaxSize = 64 * 1024 * 1024;

    /// <summary>Applies <paramref name="configuration"/>; returns the number of bytes passed.</summary>
    /// <exception cref="WireGuardException">WireGuardSetConfiguration failed.</exception>
    public static int Set(IWireGuardNTApi api, SafeHandle adapter, InterfaceConfig configuration, string adapterName)
    {
        int size = WireGuardNTConfigWriter.GetSize(configuration);
        using SecureNativeBuffer buffer = SecureNativeBuffer.Allocate(size);
        WireGuardNTConfigWriter.Write(configuration, buffer.Span);
        if (!api.SetConfiguration(adapter, buffer.Span, out int error))
        {
            NativeErrors.Throw("WireGuardSetConfiguration", error, adapterName);
        }

        return size;
    }

    /// <summary>Reads the configuration and statistics back.</summary>
    /// <exception cref="WireGuardException">WireGuardGetConfiguration failed, never settled on a size, or returned a malformed buffer.</exception>
    public static DeviceState Get(IWireGuardNTApi api, SafeHandle adapter, string adapterName)
    {
        int size = InitialSize;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Every buffer is zeroed before it is freed: on success it holds the private key.
            using SecureNativeBuffer buffer = SecureNativeBuffer.Allocate(size);
            if (api.GetConfiguration(adapter, buffer.Span, out uint bytes, out int error))
            {
                if (bytes > (uint)size)
                {
                    throw new WireGuardException($"WireGuardGetConfiguration ({adapterName}) reported {bytes} bytes in a buffer of {size}");
                }

                if (!WireGuardNTConfigReader.TryRead(buffer.Span[..(int)bytes], out DeviceState? state, out string? problem))
                {
                    throw new WireGuardException($"WireGuardGetConfiguration ({adapterName}) returned a malformed configuration: {problem}");
                }

                return state;
            }

            if (error != NativeErrors.MoreData)
            {
                NativeErrors.Throw("WireGuardGetConfiguration", error, adapterName);
            }

            if (bytes > MaxSize)
            {
                throw new WireGuardException($"WireGuardGetConfiguration ({adapterName}) asked for {bytes} bytes, more than the {MaxSize} allowed");
            }

            // Take the size the driver asked for; if it asked for no more than we offered (it should not), double, so
            // that every attempt makes progress.
            size = bytes > (uint)size ? (int)bytes : Math.Min(MaxSize, size * 2);
        }

        throw new WireGuardException(
            $"WireGuardGetConfiguration ({adapterName}) still wanted more room after {MaxAttempts} attempts (it last asked for {size} bytes)",
            isTransient: true,
            new Win32Exception(NativeErrors.MoreData));
    }
}
