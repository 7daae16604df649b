using System.Text.Json.Serialization;

namespace Dvpn.Client.Discovery;

/// <summary>Source-generated JSON for the provider cache (no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DirectoryCacheDocument))]
internal sealed partial class DirectoryCacheJsonContext : JsonSerializerContext;
