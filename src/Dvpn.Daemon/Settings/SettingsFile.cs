using Google.Protobuf;
using V1 = Dvpn.Control.V1;

namespace Dvpn.Daemon.Settings;

/// <summary>settings.json in the library's data directory: the proto3 JSON form of <see cref="V1.Settings"/>, mode 0600,
/// replaced atomically (written to a temporary file in the same directory, flushed to disk, then renamed over).</summary>
internal sealed class SettingsFile(string path)
{
    public const string FileName = "settings.json";

    /// <summary>Largest settings document accepted (file or import): far above any real one.</summary>
    public const int MaxLength = 256 * 1024;

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public string Path { get; } = path;

    public static string ToJson(V1.Settings settings) => Formatter.Format(settings);

    /// <summary>Parses a settings document; <see cref="FormatException"/> when it is not one (the message says where).</summary>
    public static V1.Settings FromJson(string json)
    {
        if (json.Length > MaxLength)
        {
            throw new FormatException($"is longer than {MaxLength} characters");
        }

        try
        {
            return Parser.Parse<V1.Settings>(json);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The stored settings, or null when there is no file yet.</summary>
    public V1.Settings? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        return FromJson(File.ReadAllText(Path));
    }

    public void Save(V1.Settings settings)
    {
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        string temporary = System.IO.Path.Combine(directory, $".{FileName}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(ToJson(settings));
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
