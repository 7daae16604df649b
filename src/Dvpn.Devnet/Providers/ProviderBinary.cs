using Dvpn.Devnet.Processes;

namespace Dvpn.Devnet.Providers;

/// <summary>Finds the built provider, <c>dvpn-provider.dll</c> (see <see cref="BuiltAssembly"/>).</summary>
public static class ProviderBinary
{
    public const string AssemblyFile = "dvpn-provider.dll";

    private static readonly Lazy<string> s_path = new(() => BuiltAssembly.Locate(AssemblyFile, Path.Combine("src", "Dvpn.Provider")));

    public static string Locate() => s_path.Value;
}
