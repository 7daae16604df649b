using System.ComponentModel;
using System.Net;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>Backend and device logic on top of the fake wireguard.dll.</summary>
[Collection(DriverLoggerCollection.Name)]
public sealed class BackendAndDeviceTests : IDisposable
{
    private readonly FakeWireGuardNTApi _api = new();
    private readonly CapturingLoggerFactory _logs = new();

    public void Dispose() => DriverLogger.Target = null;

    [Fact]
    public async Task Create_OffWindows_ReportsUnavailableAndRefusesAdapters()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // this is the non-Windows path; on Windows the real DLL would be probed
        }

        WireGuardNTBackend backend = WireGuardNTBackend.Create();

        WireGuardCapabilities capabilities = await backend.GetCapabilitiesAsync();

        Assert.Equal(WireGuardBackendKind.WireGuardNT, backend.Kind);
        Assert.False(capabilities.Available);
        Assert.Contains("Windows only", capabilities.UnavailableReason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PlatformNotSupportedException>(() => backend.CreateAsync("dvpn0"));
    }

    [Fact]
    public async Task Capabilities_DllMissing_UnavailableWithTheReason()
    {
        _api.LoadFailure = "wireguard.dll (WireGuardNT) could not be loaded";

        WireGuardCapabilities capabilities = await Backend().GetCapabilitiesAsync();

        Assert.False(capabilities.Available);
        Assert.Equal(_api.LoadFailure, capabilities.UnavailableReason);
    }

    [Theory]
    [InlineData(0x0001000Bu, "1.11")]
    [InlineData(0u, null)] // the driver is not loaded until the first adapter exists
    public async Task Capabilities_Loaded_AvailableWithDriverVersion(uint version, string? expected)
    {
        _api.DriverVersion = version;

        WireGuardCapabilities capabilities = await Backend().GetCapabilitiesAsync();

        Assert.True(capabilities.Available);
        Assert.Equal(expected, capabilities.Version);
        Assert.False(capabilities.SupportsFirewallMark);
        Assert.False(capabilities.RequiresExternalProcess);
    }

    [Fact]
    public async Task CreateAsync_PassesNameTunnelTypeAndStableGuid()
    {
        await using IWireGuardDevice device = await Backend().CreateAsync("dvpn0");

        (string name, string tunnelType, Guid guid) = Assert.Single(_api.Created);
        Assert.Equal("dvpn0", name);
        Assert.Equal(WireGuardNTBackend.DefaultTunnelType, tunnelType);
        Assert.Equal(AdapterGuid.For(tunnelType, "dvpn0"), guid);
        var nt = Assert.IsType<WireGuardNTDevice>(device);
        Assert.True(nt.CreatedHere);
        Assert.Equal(0x1000ul, nt.InterfaceLuid);
        Assert.Equal(WireGuardBackendKind.WireGuardNT, device.Backend);
    }

    [Fact]
    public async Task CreateAsync_NameInUse_Fails()
    {
        _api.AddExisting("dvpn0");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend().CreateAsync("dvpn0"));
        Assert.Empty(_api.Created);
    }

    [Fact]
    public async Task CreateAsync_DriverRefuses_WireGuardExceptionWithWin32Code()
    {
        _api.CreateError = 5; // ERROR_ACCESS_DENIED: not elevated

        var e = await Assert.ThrowsAsync<WireGuardException>(() => Backend().CreateAsync("dvpn0"));

        Assert.Equal(5, Assert.IsType<Win32Exception>(e.InnerException).NativeErrorCode);
    }

    [Fact]
    public async Task OpenAsync_NoSuchAdapter_FileNotFound()
    {
        var e = await Assert.ThrowsAsync<WireGuardException>(() => Backend().OpenAsync("missing"));

        Assert.Equal(2, Assert.IsType<Win32Exception>(e.InnerException).NativeErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\0b")]
    public async Task CreateAsync_BadName_ArgumentException(string name) =>
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Backend().CreateAsync(name));

    [Fact]
    public async Task CreateAsync_NameOf128Characters_ArgumentException() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Backend().CreateAsync(new string('a', 128)));

    [Fact]
    public async Task SetUpAsync_DrivesAdapterState()
    {
        FakeWireGuardNTApi.FakeAdapter adapter = _api.AddExisting("wg0");
        await using var device = (WireGuardNTDevice)await Backend().OpenAsync("wg0");

        await device.SetUpAsync(true);
        Assert.Equal(WireGuardAdapterState.Up, adapter.State);
        Assert.True(await device.IsUpAsync());

        await device.SetUpAsync(false);
        Assert.Equal(WireGuardAdapterState.Down, adapter.State);
    }

    [Fact]
    public async Task ApplyAsync_SendsTheWriterBytes()
    {
        InterfaceConfig config = Golden.Configuration(out IDisposable keys);
        using (keys)
        {
            await using IWireGuardDevice device = await Backend().CreateAsync("dvpn0");
            await device.ApplyAsync(config);

            Assert.Equal(Golden.SetBytes(), Assert.Single(_api.Configurations));
        }
    }

    [Fact]
    public async Task SetPeerAndRemovePeer_SendOnePeerEach()
    {
        await using IWireGuardDevice device = await Backend().CreateAsync("dvpn0");
        var key = new PublicKey(Golden.PeerAKeyBytes);

        await device.SetPeerAsync(new PeerConfig { PublicKey = key, Endpoint = new IPEndPoint(IPAddress.Loopback, 1) });
        await device.RemovePeerAsync(key);

        Assert.Equal(2, _api.Configurations.Count);
        Assert.Equal(0x29, _api.Configurations[0][80]); // PUBLIC_KEY | ENDPOINT | REPLACE_ALLOWED_IPS
        Assert.Equal(0, _api.Configurations[0][0]);     // no interface fields, no REPLACE_PEERS
        Assert.Equal(0x41, _api.Configurations[1][80]); // PUBLIC_KEY | REMOVE
    }

    [Fact]
    public async Task GetStateAsync_ParsesWhatTheDriverReturns()
    {
        _api.GetConfigurationScript = FakeWireGuardNTApi.Returns(Golden.GetBytes());
        await using IWireGuardDevice device = await Backend().CreateAsync("dvpn0");

        DeviceState state = await device.GetStateAsync();

        Assert.Equal(12345, state.ListenPort);
        Assert.Equal(1000ul, Assert.Single(state.Peers).ReceivedBytes);
    }

    [Fact]
    public async Task DisposeAsync_ClosesTheHandle_ThenCallsFail()
    {
        IWireGuardDevice device = await Backend().CreateAsync("dvpn0");
        Assert.Equal(1, _api["dvpn0"].OpenHandles);

        await device.DisposeAsync();
        await device.DisposeAsync(); // idempotent

        Assert.Equal(0, _api["dvpn0"].OpenHandles);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => device.SetUpAsync(true));
    }

    [Fact]
    public async Task DeleteAsync_OpenedAdapter_IsRefused()
    {
        FakeWireGuardNTApi.FakeAdapter adapter = _api.AddExisting("wg0");
        await using IWireGuardDevice device = await Backend().OpenAsync("wg0");

        await Assert.ThrowsAsync<InvalidOperationException>(() => device.DeleteAsync());
        Assert.Equal(1, adapter.OpenHandles);
    }

    [Fact]
    public async Task DeleteAsync_CreatedAdapter_ClosesTheCreatingHandle()
    {
        IWireGuardDevice device = await Backend().CreateAsync("dvpn0");

        await device.DeleteAsync();

        Assert.Equal(0, _api["dvpn0"].OpenHandles);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4106);
    }

    [Fact]
    public async Task Logger_SetOnceForTheProcess_AndPerAdapter()
    {
        WireGuardNTBackend backend = Backend();
        await using IWireGuardDevice a = await backend.CreateAsync("dvpn0");
        await using IWireGuardDevice b = await backend.CreateAsync("dvpn1");

        Assert.Equal(1, _api.SetLoggerCalls);
        Assert.Equal(2, _api.AdapterLoggingCalls);
        Assert.NotNull(DriverLogger.Target);
    }

    [Fact]
    public async Task Logger_None_LeavesDriverLoggingOff()
    {
        var backend = new WireGuardNTBackend(_api, loggerFactory: null, WireGuardNTBackend.DefaultTunnelType);
        await using IWireGuardDevice device = await backend.CreateAsync("dvpn0");

        Assert.Equal(0, _api.SetLoggerCalls);
        Assert.Equal(0, _api.AdapterLoggingCalls);
    }

    [Fact]
    public void AdapterGuid_IsStablePerNameAndVersion8()
    {
        Guid first = AdapterGuid.For("DvpnClient", "dvpn0");

        Assert.Equal(first, AdapterGuid.For("DvpnClient", "dvpn0"));
        Assert.NotEqual(first, AdapterGuid.For("DvpnClient", "dvpn1"));
        Assert.NotEqual(first, AdapterGuid.For("Other", "dvpn0"));
        Assert.Equal(8, first.Version);
    }

    private WireGuardNTBackend Backend() => new(_api, _logs, WireGuardNTBackend.DefaultTunnelType);
}
