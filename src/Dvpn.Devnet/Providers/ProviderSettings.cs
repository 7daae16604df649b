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
