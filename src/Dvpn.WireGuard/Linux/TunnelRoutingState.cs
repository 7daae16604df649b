using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dvpn.WireGuard.Linux;

/// <summary>What <see cref="TunnelRouting"/> added, as stored in its state file.</summary>
internal sealed class TunnelRoutingState
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public string? TunnelInterface { get; set; }

    public string? Endpoint { get; set; }

    public List<RouteRecord> Routes { get; set; } = [];

    /// <summary>Reads the file; null when it does not exist. Unreadable content throws: guessing could delete foreign routes.</summary>
    public static TunnelRoutingState? Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            TunnelRoutingState? state = JsonSerializer.Deserialize(text, TunnelRoutingJsonContext.Default.TunnelRoutingState);
            if (state is null || state.Version != CurrentVersion || state.Routes.Any(r => !r.TryToRoute(out _)))
            {
                throw new WireGuardException($"the tunnel routing state file {path} is not in a format this version understands; check the routes by hand and delete it");
            }

            return state;
        }
        catch (JsonException e)
        {
            throw new WireGuardException($"the tunnel routing state file {path} is corrupt ({e.Message}); check the routes by hand and delete it", e);
        }
    }

    /// <summary>Writes to a temporary file in the same directory, flushes it to disk, then renames it over the old one.</summary>
    public void Save(string path)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, this, TunnelRoutingJsonContext.Default.TunnelRoutingState);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

/// <summary>One route in the state file, in text form so the file stays readable by people.</summary>
internal sealed class RouteRecord
{
    public string Destination { get; set; } = "";

    public string? Gateway { get; set; }

    public int InterfaceIndex { get; set; }

    public string? InterfaceName { get; set; }

    public uint Table { get; set; } = LinuxRoute.MainTable;

    public uint? Metric { get; set; }

    public static RouteRecord From(LinuxRoute route, string? interfaceName) => new()
    {
        Destination = route.Destination.ToString(),
        Gateway = route.Gateway?.ToString(),
        InterfaceIndex = route.InterfaceIndex,
        InterfaceName = interfaceName,
        Table = route.Table,
        Metric = route.Metric,
    };

    public bool TryToRoute([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LinuxRoute? route)
    {
        route = null;
        IPAddress? gateway = null;
        if (!IPNetwork.TryParse(Destination, out IPNetwork destination) || (Gateway is not null && !IPAddress.TryParse(Gateway, out gateway)))
        {
            return false;
        }

        route = new LinuxRoute { Destination = destination, Gateway = gateway, InterfaceIndex = InterfaceIndex, Table = Table, Metric = Metric };
        return true;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TunnelRoutingState))]
internal sealed partial class TunnelRoutingJsonContext : JsonSerializerContext;
