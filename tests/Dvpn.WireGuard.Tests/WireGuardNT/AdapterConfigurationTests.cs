using System.ComponentModel;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>The ERROR_MORE_DATA negotiation and the set path, through the fake at the P/Invoke boundary.</summary>
public sealed class AdapterConfigurationTests
{
    private readonly FakeWireGuardNTApi _api = new();
    private readonly FakeWireGuardNTApi.FakeAdapter _adapter;

    public AdapterConfigurationTests() => _adapter = _api.AddExisting("wg0");

    [Fact]
    public void Get_SmallConfiguration_FitsTheFirstBuffer()
    {
        _api.GetConfigurationScript = FakeWireGuardNTApi.Returns(Golden.GetBytes());

        DeviceState state = Get();

        Assert.Single(state.Peers);
        Assert.Equal([AdapterConfiguration.InitialSize], _api.OfferedSizes);
        Assert.True(_api.AllBuffersAligned);
    }

    [Fact]
    public void Get_MoreData_GrowsToTheSizeTheDriverAsksFor()
    {
        byte[] large = ManyPeers(40); // 80 + 40 * 160 bytes: more than the initial buffer
        _api.GetConfigurationScript = FakeWireGuardNTApi.Returns(large);

        DeviceState state = Get();

        Assert.Equal(40, state.Peers.Count);
        Assert.Equal([AdapterConfiguration.InitialSize, large.Length], _api.OfferedSizes);
    }

    [Fact]
    public void Get_SizeChangesBetweenCalls_KeepsGrowingUntilItFits()
    {
        byte[] final = ManyPeers(30);
        int call = 0;
        _api.GetConfigurationScript = buffer => ++call switch
        {
            1 => (false, 2000u, 234),  // a peer appears between the calls...
            2 => (false, 3000u, 234),  // ...and another
            _ => FakeWireGuardNTApi.Returns(final)(buffer),
        };

        Assert.Equal(30, Get().Peers.Count);
        Assert.Equal([AdapterConfiguration.InitialSize, 2000, 3000, final.Length], _api.OfferedSizes);
    }

    [Fact]
    public void Get_MoreDataWithoutABiggerSize_DoublesTheBuffer()
    {
        int call = 0;
        _api.GetConfigurationScript = buffer => ++call == 1
            ? (false, 10u, 234)
            : FakeWireGuardNTApi.Returns(Golden.GetBytes())(buffer);

        Get();

        Assert.Equal([AdapterConfiguration.InitialSize, 2 * AdapterConfiguration.InitialSize], _api.OfferedSizes);
    }

    [Fact]
    public void Get_MoreDataForever_GivesUpAfterBoundedAttempts()
    {
        _api.GetConfigurationScript = buffer => (false, (uint)buffer.Length + 1, 234);

        var e = Assert.Throws<WireGuardException>(Get);

        Assert.Equal(AdapterConfiguration.MaxAttempts, _api.OfferedSizes.Count);
        Assert.True(e.IsTransient);
        Assert.Equal(234, Assert.IsType<Win32Exception>(e.InnerException).NativeErrorCode);
    }

    [Fact]
    public void Get_AbsurdRequiredSize_IsRefusedWithoutAllocating()
    {
        _api.GetConfigurationScript = _ => (false, uint.MaxValue, 234);

        var e = Assert.Throws<WireGuardException>(Get);

        Assert.Contains("asked for 4294967295 bytes", e.Message, StringComparison.Ordinal);
        Assert.Single(_api.OfferedSizes);
    }

    [Fact]
    public void Get_OtherError_ThrowsWithTheWin32Code()
    {
        _api.GetConfigurationScript = _ => (false, 0u, 5); // ERROR_ACCESS_DENIED

        var e = Assert.Throws<WireGuardException>(Get);

        Assert.Equal(5, Assert.IsType<Win32Exception>(e.InnerException).NativeErrorCode);
        Assert.Contains("WireGuardGetConfiguration (wg0)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_SuccessClaimingMoreBytesThanTheBuffer_IsRejected()
    {
        _api.GetConfigurationScript = buffer => (true, (uint)buffer.Length + 8, 0);

        Assert.Contains("reported", Assert.Throws<WireGuardException>(Get).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_MalformedConfiguration_IsAWireGuardException()
    {
        byte[] bad = Golden.GetBytes();
        bad[232] = 10; // Linux's AF_INET6 in the allowed IP
        _api.GetConfigurationScript = FakeWireGuardNTApi.Returns(bad);

        var e = Assert.Throws<WireGuardException>(Get);

        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
        Assert.Contains("Linux's AF_INET6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_PassesTheSerializedBytesInAnAlignedBuffer()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            using SafeHandleScope scope = Open();
            int size = AdapterConfiguration.Set(_api, scope.Handle, config, "wg0");

            Assert.Equal(Golden.SetSize, size);
            Assert.Equal(Golden.SetBytes(), Assert.Single(_api.Configurations));
            Assert.True(_api.AllBuffersAligned);
        }
    }

    private DeviceState Get()
    {
        using SafeHandleScope scope = Open();
        return AdapterConfiguration.Get(_api, scope.Handle, _adapter.Name);
    }

    private SafeHandleScope Open() => new(_api.OpenAdapter(_adapter.Name, out _));

    /// <summary>A driver answer with <paramref name="count"/> peers of one IPv4 allowed IP each.</summary>
    private static byte[] ManyPeers(int count)
    {
        byte[] g = new byte[80 + (count * (136 + 24))];
        g[72] = (byte)count; // PeersCount
        for (int i = 0; i < count; i++)
        {
            int peer = 80 + (i * 160);
            g[peer] = 0x01;          // HAS_PUBLIC_KEY
            g[peer + 8] = (byte)i;   // a distinct public key
            g[peer + 128] = 1;       // AllowedIPsCount
            g[peer + 136] = 10;      // 10.0.0.0/8
            g[peer + 136 + 16] = 2;  // AF_INET
            g[peer + 136 + 18] = 8;
        }

        return g;
    }

    private sealed class SafeHandleScope(System.Runtime.InteropServices.SafeHandle handle) : IDisposable
    {
        public System.Runtime.InteropServices.SafeHandle Handle { get; } = handle;

        public void Dispose() => Handle.Dispose();
    }
}
