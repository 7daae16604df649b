namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// The interop tests run one at a time: each moves up to hundreds of megabytes through two userspace engines, and on
/// a two-core machine parallel transfers would only make each other slow.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InteropCollection
{
    public const string Name = "Interop";
}
