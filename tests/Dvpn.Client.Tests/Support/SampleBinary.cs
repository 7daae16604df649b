using Dvpn.Devnet.Processes;

namespace Dvpn.Client.Tests.Support;

/// <summary>Finds the built sample host, <c>DvpnClient.Sample.dll</c> (see <see cref="BuiltAssembly"/>).</summary>
internal static class SampleBinary
{
    public const string AssemblyFile = "DvpnClient.Sample.dll";

    private static readonly Lazy<string> s_path = new(() => BuiltAssembly.Locate(AssemblyFile, Path.Combine("samples", "DvpnClient.Sample")));

    public static string Locate() => s_path.Value;
}
