using System.Runtime.Versioning;

// dvpnd's control socket, SO_PEERCRED, namespaces and setpriv are Linux.
[assembly: SupportedOSPlatform("linux")]

// One lab (one client namespace, whose routes one connected daemon owns at a time): tests run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
