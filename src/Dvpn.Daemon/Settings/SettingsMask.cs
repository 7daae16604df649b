using System.Collections.Frozen;
using System.Text;
using Dvpn.Daemon.Api;
using Google.Protobuf.WellKnownTypes;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Settings;

/// <summary>UpdateSettings' field mask: which paths exist, and copying exactly those from a request onto the current
/// settings. Paths are snake_case as in the .proto (lowerCamelCase, the JSON form, is accepted and converted).</summary>
internal static class SettingsMask
{
    public const string Field = "update_mask.paths";

    public static readonly FrozenSet<string> Paths = new[]
    {
        "selection", "selection.regions", "selection.max_price_per_gib", "selection.min_stake", "selection.probe_candidates",
        "security", "security.lockdown", "security.allow_lan", "security.custom_dns",
        "auto_connect",
        "provider_lists", "provider_lists.allow", "provider_lists.deny",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The mask's paths, normalised; INVALID_FIELD_MASK for an empty mask or a path that is not settable.</summary>
    public static List<string> Parse(FieldMask? mask)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            throw ApiErrors.InvalidArgument(Field, "name the settings to change (an empty mask changes nothing)", V1.ErrorReason.InvalidFieldMask);
        }

        var paths = new List<string>();
        foreach (string raw in mask.Paths)
        {
            string path = ToSnakeCase(raw.Trim());
            if (!Paths.Contains(path))
            {
                throw ApiErrors.InvalidArgument(Field, $"'{Arguments.Truncate(raw)}' is not a settings path (one of {string.Join(", ", Paths.Order(StringComparer.Ordinal))})",
                    V1.ErrorReason.InvalidFieldMask);
            }

            if (!paths.Contains(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    /// <summary>A copy of <paramref name="current"/> with the fields named by <paramref name="paths"/> taken from
    /// <paramref name="update"/>. A message path replaces the whole message; repeated fields are replaced.</summary>
    public static V1.Settings Apply(V1.Settings current, V1.Settings update, IEnumerable<string> paths)
    {
        V1.Settings result = current.Clone();
        result.Selection ??= new V1.SelectionSettings();
        result.Security ??= new V1.SecuritySettings();
        result.ProviderLists ??= new V1.ProviderLists();
        V1.SelectionSettings selection = update.Selection ?? new V1.SelectionSettings();
        V1.SecuritySettings security = update.Security ?? new V1.SecuritySettings();
        V1.ProviderLists lists = update.ProviderLists ?? new V1.ProviderLists();
        foreach (string path in paths)
        {
            switch (path)
            {
                case "selection": result.Selection = selection.Clone(); break;
                case "selection.regions": Replace(result.Selection.Regions, selection.Regions); break;
                case "selection.max_price_per_gib": result.Selection.MaxPricePerGib = selection.MaxPricePerGib; break;
                case "selection.min_stake": result.Selection.MinStake = selection.MinStake; break;
                case "selection.probe_candidates": result.Selection.ProbeCandidates = selection.ProbeCandidates; break;
                case "security": result.Security = security.Clone(); break;
                case "security.lockdown": result.Security.Lockdown = security.Lockdown; break;
                case "security.allow_lan": result.Security.AllowLan = security.AllowLan; break;
                case "security.custom_dns": Replace(result.Security.CustomDns, security.CustomDns); break;
                case "auto_connect": result.AutoConnect = update.AutoConnect; break;
                case "provider_lists": result.ProviderLists = lists.Clone(); break;
                case "provider_lists.allow": Replace(result.ProviderLists.Allow, lists.Allow); break;
                case "provider_lists.deny": Replace(result.ProviderLists.Deny, lists.Deny); break;
                default: throw new ArgumentOutOfRangeException(nameof(paths), path, "not a settings path (Parse lets none through)");
            }
        }

        return result;
    }

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> target, IEnumerable<string> source)
    {
        target.Clear();
        target.AddRange(source);
    }

    /// <summary><c>selection.maxPricePerGib</c> to <c>selection.max_price_per_gib</c>; snake_case passes unchanged.</summary>
    public static string ToSnakeCase(string path)
    {
        var text = new StringBuilder(path.Length + 8);
        foreach (char c in path)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                text.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
