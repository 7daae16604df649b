using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Dvpn.WireGuard.WireGuardNT;

namespace Dvpn.WireGuard.Tests.WireGuardNT;

/// <summary>
/// The one allowed fake: wireguard.dll at its P/Invoke boundary, because the Windows driver cannot run on Linux. It
/// keeps adapters by name, stores the configuration bytes it is given, and answers GetConfiguration from a script.
/// </summary>
internal sealed class FakeWireGuardNTApi : IWireGuardNTApi
{
    private readonly Dictionary<string, FakeAdapter> _adapters = new(StringComparer.Ordinal);

    public string? LoadFailure { get; set; }
    public uint DriverVersion { get; set; }
    public int CreateError { get; set; }
    public List<byte[]> Configurations { get; } = [];
    public List<int> OfferedSizes { get; } = [];
    public List<(string Name, string TunnelType, Guid Guid)> Created { get; } = [];
    public int SetLoggerCalls { get; private set; }
    public int AdapterLoggingCalls { get; private set; }
    public bool AllBuffersAligned { get; private set; } = true;

    /// <summary>Answers one GetConfiguration call: buffer in, (ok, bytes, error) out.</summary>
    public Func<Span<byte>, (bool Ok, uint Bytes, int Error)>? GetConfigurationScript { get; set; }

    public FakeAdapter this[string name] => _adapters[name];

    public FakeAdapter AddExisting(string name)
    {
        var adapter = new FakeAdapter(name, 0x1000 + (ulong)_adapters.Count);
        _adapters.Add(name, adapter);
        return adapter;
    }

    public bool TryLoadLibrary([NotNullWhen(false)] out string? failure)
    {
        failure = LoadFailure;
        return failure is null;
    }

    public uint GetRunningDriverVersion(out int error)
    {
        error = DriverVersion == 0 ? 2 : 0;
        return DriverVersion;
    }

    public SafeHandle CreateAdapter(string name, string tunnelType, Guid requestedGuid, out int error)
    {
        Created.Add((name, tunnelType, requestedGuid));
        error = CreateError;
        return error != 0 ? new FakeAdapterHandle(null) : new FakeAdapterHandle(AddExisting(name));
    }

    public SafeHandle OpenAdapter(string name, out int error)
    {
        bool found = _adapters.TryGetValue(name, out FakeAdapter? adapter);
        error = found ? 0 : 2; // ERROR_FILE_NOT_FOUND
        return new FakeAdapterHandle(adapter);
    }

    public ulong GetAdapterLuid(SafeHandle adapter) => Adapter(adapter).Luid;

    public bool SetAdapterState(SafeHandle adapter, WireGuardAdapterState state, out int error)
    {
        Adapter(adapter).State = state;
        error = 0;
        return true;
    }

    public bool GetAdapterState(SafeHandle adapter, out WireGuardAdapterState state, out int error)
    {
        state = Adapter(adapter).State;
        error = 0;
        return true;
    }

    public bool SetConfiguration(SafeHandle adapter, ReadOnlySpan<byte> configuration, out int error)
    {
        _ = Adapter(adapter);
        CheckAligned(configuration);
        Configurations.Add(configuration.ToArray());
        error = 0;
        return true;
    }

    public bool GetConfiguration(SafeHandle adapter, Span<byte> buffer, out uint bytes, out int error)
    {
        _ = Adapter(adapter);
        CheckAligned(buffer);
        OfferedSizes.Add(buffer.Length);
        (bool ok, bytes, error) = (GetConfigurationScript ?? throw new InvalidOperationException("no script"))(buffer);
        return ok;
    }

    public void SetLogger(bool enabled) => SetLoggerCalls++;

    public bool SetAdapterLogging(SafeHandle adapter, WireGuardAdapterLogState state, out int error)
    {
        _ = Adapter(adapter);
        AdapterLoggingCalls++;
        error = 0;
        return true;
    }

    /// <summary>A script that returns <paramref name="configuration"/>, asking for more room as the driver does.</summary>
    public static Func<Span<byte>, (bool, uint, int)> Returns(byte[] configuration) => buffer =>
    {
        if (buffer.Length < configuration.Length)
        {
            return (false, (uint)configuration.Length, 234); // ERROR_MORE_DATA
        }

        configuration.CopyTo(buffer);
        return (true, (uint)configuration.Length, 0);
    };

    private static FakeAdapter Adapter(SafeHandle handle)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, handle);
        return ((FakeAdapterHandle)handle).Adapter ?? throw new InvalidOperationException("invalid handle used");
    }

    private unsafe void CheckAligned(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            AllBuffersAligned &= (nuint)p % 8 == 0;
        }
    }

    internal sealed class FakeAdapter(string name, ulong luid)
    {
        public string Name { get; } = name;
        public ulong Luid { get; } = luid;
        public WireGuardAdapterState State { get; set; }
        public int OpenHandles { get; set; }
    }

    private sealed class FakeAdapterHandle : SafeHandle
    {
        public FakeAdapterHandle(FakeAdapter? adapter)
            : base(0, ownsHandle: true)
        {
            Adapter = adapter;
            if (adapter is not null)
            {
                adapter.OpenHandles++;
                SetHandle(1);
            }
        }

        public FakeAdapter? Adapter { get; }

        public override bool IsInvalid => handle == 0;

        protected override bool ReleaseHandle()
        {
            Adapter!.OpenHandles--;
            return true;
        }
    }
}
