using System.Globalization;
using System.Numerics;
using Dvpn.Client.Options;
using Dvpn.Daemon.Api;
using Dvpn.Daemon.Hosting;
using Grpc.Core;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Settings;

/// <summary>
/// The daemon's persisted settings (<see cref="SettingsFile"/>) and the live library options they drive. Initialised
/// by <see cref="SettingsOverlay"/> while the library's options are built, so the persisted selection is in place
/// before the client starts. A change is validated, written to disk, and only then applied.
/// </summary>
/// <remarks>The live selection is changed through <see cref="SelectionOptions.Update"/> (new lists, never mutating the
/// old ones): the library reads the standing constraints under the same lock on every selection, so a selection sees
/// a change whole or not at all. <see cref="SelectionOptions.ProbeCandidates"/> is read once, at start.</remarks>
internal sealed class DaemonSettings
{
    private readonly Lock _gate = new();
    private V1.Settings? _current;
    private V1.Settings? _defaults;
    private SettingsFile? _file;
    // Every options object built (IOptions and IOptionsMonitor build their own; the client uses IOptions').
    private readonly List<SelectionOptions> _live = [];

    /// <summary>The settings now (a copy).</summary>
    public V1.Settings Current
    {
        get
        {
            lock (_gate)
            {
                return (_current ?? throw NotInitialized()).Clone();
            }
        }
    }

    /// <summary>What ResetSettings returns to: the configuration's Dvpn:Selection and Dvpn:Firewall (lockdown,
    /// allow-LAN, custom DNS), auto_connect on.</summary>
    public V1.Settings Defaults
    {
        get
        {
            lock (_gate)
            {
                return (_defaults ?? throw NotInitialized()).Clone();
            }
        }
    }

    /// <summary>Reads settings.json (or takes the defaults) and overlays it on <paramref name="options"/>.</summary>
    /// <exception cref="DaemonConfigurationException">settings.json is not valid.</exception>
    public void Initialize(DvpnClientOptions options)
    {
        lock (_gate)
        {
            _live.Add(options.Selection);
            if (_current is not null)
            {
                ApplyAtStart(_current, options);
                return;
            }

            _defaults = FromOptions(options.Selection, options.Firewall);
            if (options.DataDirectory.Length == 0)
            {
                // The library's validation reports the missing data directory when the host starts.
                _current = _defaults.Clone();
                return;
            }

            _file = new SettingsFile(Path.Combine(options.DataDirectory, SettingsFile.FileName));
            try
            {
                V1.Settings? stored = _file.Load();
                _current = stored is null ? _defaults.Clone() : SettingsValidation.Normalize(stored, _defaults, "");
            }
            catch (Exception e) when (e is FormatException or RpcException or IOException or UnauthorizedAccessException)
            {
                string problem = e is RpcException rpc ? rpc.Status.Detail : e.Message;
                throw new DaemonConfigurationException(_file.Path, $"is not a valid settings file ({problem}); fix it, or delete it to start from the configured defaults");
            }

            ApplyAtStart(_current, options);
        }
    }

    /// <summary>Replaces the settings with what <paramref name="change"/> makes of the current ones (it validates, and
    /// throws to change nothing): persists, then applies. Changes are serialised.</summary>
    public V1.Settings Replace(Func<V1.Settings, V1.Settings> change, IReadOnlyList<string> paths)
    {
        V1.Settings result;
        lock (_gate)
        {
            V1.Settings next = change((_current ?? throw NotInitialized()).Clone());
            _file?.Save(next);
            _current = next;
            foreach (SelectionOptions live in _live)
            {
                Apply(next, live, atStart: false);
            }

            result = next.Clone();
        }

        Changed?.Invoke(paths);
        return result;
    }

    /// <summary>The top-level paths, for a change that replaces everything (reset, import).</summary>
    public static readonly IReadOnlyList<string> AllPaths = ["selection", "security", "auto_connect", "provider_lists"];

    /// <summary>Raised after every change, with the mask paths that changed (WatchEvents' SettingsChanged).
    /// Handlers run on the changing call's thread and must not block.</summary>
    public event Action<IReadOnlyList<string>>? Changed;

    /// <summary>The selection, the security settings (the library applies later changes through
    /// <see cref="Dvpn.Client.DvpnClient.UpdateFirewallAsync"/>), and what is read only at start: <c>auto_connect</c> (whether the library returns to a
    /// secured target persisted by the last run; off, it persists the target as unsecured without connecting) and
    /// the probe count.</summary>
    private static void ApplyAtStart(V1.Settings settings, DvpnClientOptions options)
    {
        options.Reconnect.ResumeTargetOnStart = settings.AutoConnect;
        options.Firewall.Lockdown = settings.Security.Lockdown;
        options.Firewall.AllowLan = settings.Security.AllowLan;
        options.Firewall.CustomDns = [.. settings.Security.CustomDns];
        Apply(settings, options.Selection, atStart: true);
    }

    private static void Apply(V1.Settings settings, SelectionOptions live, bool atStart)
    {
        BigInteger? maxPrice = Amounts.ParseOptional(settings.Selection.MaxPricePerGib, "selection.max_price_per_gib");
        BigInteger minStake = Amounts.Parse(settings.Selection.MinStake, "selection.min_stake");
        // Under the library's lock: a selection running now sees the old constraints or the new ones, never a mix.
        live.Update(o =>
        {
            o.Regions = [.. settings.Selection.Regions];
            o.MaxPricePerGiB = maxPrice;
            o.MinStake = minStake;
            o.Allow = [.. settings.ProviderLists.Allow];
            o.Deny = [.. settings.ProviderLists.Deny];
            if (atStart)
            {
                o.ProbeCandidates = (int)settings.Selection.ProbeCandidates;
            }
        });
    }

    private static V1.Settings FromOptions(SelectionOptions selection, FirewallOptions firewall) => new()
    {
        Selection = new V1.SelectionSettings
        {
            Regions = { selection.Regions },
            MaxPricePerGib = selection.MaxPricePerGiB is { } price ? price.ToString(CultureInfo.InvariantCulture) : "",
            MinStake = selection.MinStake.ToString(CultureInfo.InvariantCulture),
            ProbeCandidates = (uint)Math.Max(selection.ProbeCandidates, 1),
        },
        Security = new V1.SecuritySettings { Lockdown = firewall.Lockdown, AllowLan = firewall.AllowLan, CustomDns = { firewall.CustomDns } },
        AutoConnect = true,
        ProviderLists = new V1.ProviderLists { Allow = { selection.Allow }, Deny = { selection.Deny } },
    };

    private static InvalidOperationException NotInitialized() =>
        new("The daemon settings are read when the library's options are built; nothing built them yet");
}
