using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace Dvpn.Devnet.Lab;

/// <summary>
/// An options object as command-line configuration (<c>--Section:Key=value</c>, lists as <c>Key:0</c>), the way a
/// host's configuration binder reads it back: for running an executable (the sample) with options a test built.
/// Null values are left out (the option keeps its default).
/// </summary>
public static class ConfigurationArguments
{
    /// <summary>Every settable public property of <paramref name="options"/>, recursively, under <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> From(object options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(section);
        var arguments = new List<string>();
        Add(arguments, section, options);
        return arguments;
    }

    private static void Add(List<string> arguments, string key, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string or Uri or BigInteger or bool or Enum or IFormattable:
                arguments.Add($"--{key}={Format(value)}");
                return;
            case IEnumerable items:
                int index = 0;
                foreach (object? item in items)
                {
                    Add(arguments, $"{key}:{index++}", item);
                }

                return;
            default:
                foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length == 0 && property.CanRead)
                    {
                        Add(arguments, $"{key}:{property.Name}", property.GetValue(value));
                    }
                }

                return;
        }
    }

    private static string Format(object value) => value switch
    {
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
