using System.Globalization;
using System.Net;
using System.Numerics;
using Dvpn.Daemon.Api;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Settings;

/// <summary>Settings validated as a whole, and normalised (addresses checksummed, duplicates removed, amounts in
/// canonical form, 0 probe candidates replaced by the configured value). Every problem is INVALID_ARGUMENT naming
/// the field as <c>&lt;prefix&gt;&lt;path&gt;</c>.</summary>
internal static class SettingsValidation
{
    public const int MaxProbeCandidates = 50;
    public const int MaxCustomDns = 8;

    public static V1.Settings Normalize(V1.Settings settings, V1.Settings defaults, string prefix)
    {
        V1.SelectionSettings selection = settings.Selection ?? new V1.SelectionSettings();
        V1.SecuritySettings security = settings.Security ?? new V1.SecuritySettings();
        V1.ProviderLists lists = settings.ProviderLists ?? new V1.ProviderLists();

        List<string> regions = Arguments.Regions(selection.Regions, prefix + "selection.regions");
        BigInteger? maxPrice = Amounts.ParseOptional(selection.MaxPricePerGib, prefix + "selection.max_price_per_gib");
        BigInteger minStake = Amounts.Parse(selection.MinStake, prefix + "selection.min_stake");
        uint probe = selection.ProbeCandidates == 0 ? defaults.Selection.ProbeCandidates : selection.ProbeCandidates;
        if (probe is 0 or > MaxProbeCandidates)
        {
            throw ApiErrors.InvalidArgument(prefix + "selection.probe_candidates", $"must be 1 to {MaxProbeCandidates} (0: the configured value)",
                V1.ErrorReason.InvalidValue);
        }

        if (security.CustomDns.Count > MaxCustomDns)
        {
            throw ApiErrors.InvalidArgument(prefix + "security.custom_dns", $"at most {MaxCustomDns} servers", V1.ErrorReason.InvalidValue);
        }

        var dns = new List<string>();
        foreach (string server in security.CustomDns)
        {
            if (!IPAddress.TryParse(server, out IPAddress? address) || server.Contains('/', StringComparison.Ordinal))
            {
                throw ApiErrors.InvalidArgument(prefix + "security.custom_dns", $"'{Arguments.Truncate(server)}' is not an IP address", V1.ErrorReason.InvalidValue);
            }

            dns.Add(address.ToString());
        }

        V1.ProviderLists normalizedLists = NormalizeLists(lists, prefix + "provider_lists.");

        return new V1.Settings
        {
            Selection = new V1.SelectionSettings
            {
                Regions = { regions },
                MaxPricePerGib = maxPrice?.ToString(CultureInfo.InvariantCulture) ?? "",
                MinStake = minStake.ToString(CultureInfo.InvariantCulture),
                ProbeCandidates = probe,
            },
            Security = new V1.SecuritySettings { Lockdown = security.Lockdown, AllowLan = security.AllowLan, CustomDns = { dns.Distinct(StringComparer.Ordinal) } },
            AutoConnect = settings.AutoConnect,
            ProviderLists = normalizedLists,
        };
    }

    /// <summary>Allow and deny lists: addresses checksummed, duplicates gone, none in both (fields <c>&lt;prefix&gt;allow</c>, <c>deny</c>).</summary>
    public static V1.ProviderLists NormalizeLists(V1.ProviderLists lists, string prefix)
    {
        List<string> allow = Arguments.Addresses(lists.Allow, prefix + "allow");
        List<string> deny = Arguments.Addresses(lists.Deny, prefix + "deny");
        if (allow.FirstOrDefault(a => deny.Contains(a, StringComparer.OrdinalIgnoreCase)) is { } both)
        {
            throw ApiErrors.InvalidArgument(prefix + "deny", $"{both} is in both the allow and the deny list", V1.ErrorReason.InvalidValue);
        }

        return new V1.ProviderLists { Allow = { allow }, Deny = { deny } };
    }
}
