namespace Dvpn.Client.Resolution;

/// <summary>The JSON shape of <see cref="SystemdResolvedDns"/>'s state: the links it configured.</summary>
internal sealed class ResolvedLinkStateDocument
{
    /// <summary>Format version, 1.</summary>
    public int Version { get; set; }

    /// <summary>The interfaces whose resolved settings must be reverted.</summary>
    public List<string>? Interfaces { get; set; }
}
