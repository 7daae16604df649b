using System.Collections;
using System.CommandLine;
using System.Globalization;
using Dvpn.Control.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Dvpn.Cli.Commands;

/// <summary>settings get/set/reset/export/import (SettingsService).</summary>
internal static class SettingsCommands
{
    public static Command Create() => new("settings", "dvpnd's persisted settings (selection, security, auto-connect)")
    {
        Get(), Set(), Reset(), Export(), Import(),
    };

    /// <summary>Every settable key: the paths of the leaf fields of Settings, as UpdateSettings' field mask names them.</summary>
    internal static IEnumerable<string> Keys(MessageDescriptor? descriptor = null, string prefix = "") =>
        (descriptor ?? Settings.Descriptor).Fields.InFieldNumberOrder().SelectMany(field =>
            field.FieldType == FieldType.Message && !field.IsRepeated
                ? Keys(field.MessageType, prefix + field.Name + ".")
                : [prefix + field.Name]);

    private static Command Get() =>
        new Command("get", "show the settings").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Settings.GetSettingsAsync(new GetSettingsRequest(), call.Options), Print));

    private static Command Set()
    {
        var key = new Argument<string>("key") { Description = $"one of: {string.Join(", ", Keys())}" };
        var value = new Argument<string>("value")
        {
            Description = "true/false for switches, comma-separated for lists (\"\" empties one), amounts in wei or with a unit (0.05eth)",
        };
        return new Command("set", "change one setting (UpdateSettings with a one-path field mask)") { key, value }.WithCall(call =>
        {
            string path = call.Get(key)!.Trim();
            var request = new UpdateSettingsRequest { Settings = new Settings(), UpdateMask = new FieldMask() };
            request.UpdateMask.Paths.Add(Assign(request.Settings, path, call.Get(value)!));
            return TunnelCommands.PrintAsync(call, call.Settings.UpdateSettingsAsync(request, call.Options), Print);
        });
    }

    private static Command Reset() =>
        new Command("reset", "back to the configured defaults").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Settings.ResetSettingsAsync(new ResetSettingsRequest(), call.Options), Print));

    private static Command Export()
    {
        var output = new Option<string>("--output", "-o") { Description = "write to this file instead of stdout", HelpName = "file" };
        return new Command("export", "the settings as JSON, for a backup or another machine") { output }.WithCall(async call =>
        {
            ExportSettingsResponse export = await call.Settings.ExportSettingsAsync(new ExportSettingsRequest(), call.Options);
            if (call.Get(output) is { } file)
            {
                await File.WriteAllTextAsync(file, export.Json, call.CancellationToken);
                return call.Print(export, (o, _) => o.WriteLine(Path.GetFullPath(file)));
            }

            return call.Print(export, (o, e) => o.WriteLine(e.Json));
        });
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "a file written by `settings export` (- for stdin)" };
        return new Command("import", "replace the settings with an export (validated as a whole first)") { file }.WithCall(async call =>
        {
            string path = call.Get(file)!;
            string json = path == "-" ? await Console.In.ReadToEndAsync(call.CancellationToken) : await File.ReadAllTextAsync(path, call.CancellationToken);
            return call.Print(await call.Settings.ImportSettingsAsync(new ImportSettingsRequest { Json = json }, call.Options), Print);
        });
    }

    /// <summary>Sets the field at <paramref name="path"/> (e.g. security.allow_lan) from text, and returns the mask path.</summary>
    private static string Assign(IMessage root, string path, string text)
    {
        IMessage message = root;
        string[] names = path.Split('.');
        FieldDescriptor? field = null;
        var canonical = new List<string>(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            field = message.Descriptor.FindFieldByName(names[i])
                    ?? message.Descriptor.Fields.InFieldNumberOrder().FirstOrDefault(f => f.JsonName == names[i]);
            bool last = i == names.Length - 1;
            if (field is null || field.IsRepeated && !last || (field.FieldType == FieldType.Message && !field.IsRepeated) == last)
            {
                throw new CliArgumentException("key", $"'{path}' is not a setting; one of: {string.Join(", ", Keys())}");
            }

            canonical.Add(field.Name);
            if (!last)
            {
                var child = (IMessage?)field.Accessor.GetValue(message) ?? (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                field.Accessor.SetValue(message, child);
                message = child;
            }
        }

        // The mask names the field by its proto path, whichever spelling (proto or JSON name) was typed.
        string name = string.Join('.', canonical);
        if (field!.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                list.Add(Scalar(field, item, name));
            }
        }
        else
        {
            field.Accessor.SetValue(message, Scalar(field, text, name));
        }

        return name;
    }

    private static object Scalar(FieldDescriptor field, string text, string key) => field.FieldType switch
    {
        FieldType.Bool => Args.Boolean(text, key),
        FieldType.UInt32 => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint number)
            ? number
            : throw new CliArgumentException(key, $"'{text}' is not a whole number"),
        FieldType.String when IsAmount(field) => text.Trim() is "" or "none" ? "" : Args.Amount(text, key),
        FieldType.String => text.Trim(),
        _ => throw new CliArgumentException(key, $"cannot be set from the command line ({field.FieldType}); use settings import"),
    };

    /// <summary>Amount fields take units like the other amount options (0.05eth).</summary>
    private static bool IsAmount(FieldDescriptor field) =>
        field.Name.EndsWith("_per_gib", StringComparison.Ordinal) || field.Name.EndsWith("stake", StringComparison.Ordinal);

    private static void Print(TextWriter output, Settings settings)
    {
        var pairs = new List<(string, string)>();
        Flatten(settings, "", pairs);
        Text.Pairs(output, [.. pairs]);
    }

    private static void Flatten(IMessage? message, string prefix, List<(string, string)> pairs)
    {
        foreach (FieldDescriptor field in (message?.Descriptor ?? throw new InvalidOperationException()).Fields.InFieldNumberOrder())
        {
            object? value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.Message && !field.IsRepeated)
            {
                Flatten((IMessage?)value ?? (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!, prefix + field.Name + ".", pairs);
                continue;
            }

            string text = value switch
            {
                IList list => Text.List(list.Cast<object>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture) ?? "")),
                bool flag => flag ? "true" : "false",
                string amount when IsAmount(field) => Text.Amount(amount),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            };
            pairs.Add((prefix + field.Name, text));
        }
    }
}
