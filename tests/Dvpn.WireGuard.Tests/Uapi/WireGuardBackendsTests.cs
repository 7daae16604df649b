using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>The selector. Registrations are global: every case that registers lives in this one (serial) class.</summary>
public sealed class WireGuardBackendsTests
{
    [Fact]
    public async Task Select_Auto_ProbesTheRealKernel_AndFallsBackToUapiWithoutTheModule()
    {
        IWireGuardBackend backend = await WireGuardBackends.SelectAsync();

        // This machine's kernel has no WireGuard module; on one that has it, the kernel backend wins.
        WireGuardBackendKind expected = Directory.Exists("/sys/module/wireguard") ? WireGuardBackendKind.LinuxKernel : WireGuardBackendKind.Uapi;
        Assert.Equal(expected, backend.Kind);
    }

    [Fact]
    public async Task Select_AutoWithUnavailableKernel_FallsBackToUapi()
    {
        WireGuardBackends.Register(WireGuardBackendKind.LinuxKernel, _ => new StubBackend(WireGuardBackendKind.LinuxKernel, available: false));
        try
        {
            IWireGuardBackend backend = await WireGuardBackends.SelectAsync();

            Assert.Equal(WireGuardBackendKind.Uapi, backend.Kind);
        }
        finally
        {
            WireGuardBackends.Unregister(WireGuardBackendKind.LinuxKernel);
        }
    }

    [Fact]
    public async Task Select_AutoWithAvailableKernel_GivesKernel()
    {
        WireGuardBackends.Register(WireGuardBackendKind.LinuxKernel, _ => new StubBackend(WireGuardBackendKind.LinuxKernel, available: true));
        try
        {
            IWireGuardBackend backend = await WireGuardBackends.SelectAsync();

            Assert.Equal(WireGuardBackendKind.LinuxKernel, backend.Kind);
        }
        finally
        {
            WireGuardBackends.Unregister(WireGuardBackendKind.LinuxKernel);
        }
    }

    [Fact]
    public async Task Select_PreferredWireGuardNTOffWindows_ThrowsWithTheProbeReason()
    {
        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() =>
            WireGuardBackends.SelectAsync(new WireGuardBackendOptions { PreferredBackend = WireGuardBackendKind.WireGuardNT }));

        Assert.Contains("WireGuardNT:", e.Message, StringComparison.Ordinal);
        Assert.Contains("Windows only", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_PreferredManagedUserspaceNotRegistered_ThrowsWithReason()
    {
        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() =>
            WireGuardBackends.SelectAsync(new WireGuardBackendOptions { PreferredBackend = WireGuardBackendKind.ManagedUserspace }));

        Assert.Contains("ManagedUserspace: not registered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_PreferredUapiWithMissingBinary_ThrowsWithProbeReason()
    {
        WireGuardBackendOptions options = new()
        {
            PreferredBackend = WireGuardBackendKind.Uapi,
            Uapi = new UapiBackendOptions { WireGuardGoPath = "/nonexistent/wireguard-go" },
        };

        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => WireGuardBackends.SelectAsync(options));

        Assert.Contains("Uapi:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnregisteredKind_ThrowsNotSupported()
    {
        Assert.Throws<NotSupportedException>(() => WireGuardBackends.Create(WireGuardBackendKind.ManagedUserspace));
    }

    private sealed class StubBackend(WireGuardBackendKind kind, bool available) : IWireGuardBackend
    {
        public WireGuardBackendKind Kind => kind;

        public ValueTask<WireGuardCapabilities> GetCapabilitiesAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new WireGuardCapabilities(kind, available, available ? null : "stub says no", null, true, false));

        public Task<IWireGuardDevice> CreateAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IWireGuardDevice> OpenAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
