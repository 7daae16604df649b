using System.Globalization;
using System.Numerics;

namespace Dvpn.Devnet.Providers;

/// <summary>
/// The provider's configuration as command-line settings (<c>--Provider:Key=value</c>, the highest-priority source),
/// keys relative to the <c>Provider</c> section, e.g. <c>Claims:Interval</c>. Lists use index keys (<c>Chain:RpcUrls:0</c>).
/// </summary>
public sealed class ProviderSettings
{
    private readonly SortedDictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string? this[string key]
    {
        get => _values.TryGetValue(key, out string? value) ? value : null;
        set
        {
            if (value is null)
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = value;
            }
        }
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>
    /// What every lab provider needs to run at <paramref name="site"/> on <paramref name="chain"/>: its data directory
    /// and keystore, the devnet and its contracts, the site's public and WireGuard endpoints, its tunnel interface,
    /// port, address pool and upstream interface, and quick metering. Labs add prices, limits and what a test is about.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static ProviderSettings ForSite(ProviderSite site, ProviderIdentity identity, Chain.DevnetChain chain, string interfaceName, string ipv4Pool)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(chain);
        var settings = new ProviderSettings()
            .Set("DataDirectory", identity.DataDirectory)
            .Set("Chain:RpcUrls:0", site.RpcUrl.ToString())
            .Set("Chain:ChainId", (long)Chain.DevnetChain.ChainId)
            .Set("Chain:Lottery", chain.Contracts.Lottery)
            .Set("Chain:Directory", chain.Contracts.Directory)
            .Set("Keystore:Path", identity.KeystorePath)
            .Set("Keystore:PassphraseFile", identity.PassphrasePath)
            .Set("Public:Listen", site.PublicListen)
            .Set("Public:Endpoint", site.PublicEndpoint.ToString().TrimEnd('/'))
            .Set("WireGuard:Endpoint", site.WireGuardEndpoint)
            .Set("Tunnel:Interface", interfaceName)
            .Set("Tunnel:ListenPort", ProviderSite.WireGuardPort)
            .Set("Tunnel:IPv4Pool", ipv4Pool)
            .Set("Metering:Interval", TimeSpan.FromMilliseconds(500))
            .Set("Limits:OpenPerMinutePerAddress", 120);
        if (site.UpstreamInterface is { } upstream)
        {
            settings.Set("Tunnel:UpstreamInterface", upstream);
        }

        return settings;
    }

    public ProviderSettings Set(string key, string value)
    {
        _values[key] = value;
        return this;
    }

    public ProviderSettings Set(string key, BigInteger value) => Set(key, value.ToString(CultureInfo.InvariantCulture));

    public ProviderSettings Set(string key, long value) => Set(key, value.ToString(CultureInfo.InvariantCulture));

    public ProviderSettings Set(string key, TimeSpan value) => Set(key, value.ToString("c", CultureInfo.InvariantCulture));

    public ProviderSettings Remove(string key)
    {
        _values.Remove(key);
        return this;
    }

    public ProviderSettings Clone()
    {
        var copy = new ProviderSettings();
        foreach ((string key, string value) in _values)
        {
            copy._values[key] = value;
        }

        return copy;
    }

    public IReadOnlyList<string> ToArguments() => [.. _values.Select(kv => $"--Provider:{kv.Key}={kv.Value}")];
}
