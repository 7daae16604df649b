using System.Text.Json.Serialization;

namespace Dvpn.Client.Resolution;

/// <summary>Source-generated JSON for the DNS configurators' saved state (no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)] // a null byte[] would be written as "" and read back empty
[JsonSerializable(typeof(ResolvConfStateDocument))]
[JsonSerializable(typeof(ResolvedLinkStateDocument))]
internal sealed partial class DnsStateJsonContext : JsonSerializerContext;
