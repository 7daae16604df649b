namespace Dvpn.Devnet.Providers;

/// <summary>
/// Finds the built provider, <c>dvpn-provider.dll</c>: next to the test assembly (the test project references the
/// provider project, so the build copies it) when its runtimeconfig came along, else in the provider project's own
/// output for the same configuration. Fails with instructions when there is none.
/// </summary>
public static class ProviderBinary
{
    public const string AssemblyFile = "dvpn-provider.dll";
    private const string RuntimeConfigFile = "dvpn-provider.runtimeconfig.json";

    private static readonly Lazy<string> s_path = new(Find);

    public static string Locate() => s_path.Value;

    private static string Find()
    {
        string here = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(here, AssemblyFile)) && File.Exists(Path.Combine(here, RuntimeConfigFile)))
        {
            return Path.Combine(here, AssemblyFile);
        }

        // tests/Dvpn.Provider.Tests/bin/<Configuration>/<tfm>/ -> src/Dvpn.Provider/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent?.Name ?? "Release";
        for (DirectoryInfo? dir = output; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "src", "Dvpn.Provider", "bin", configuration, framework, AssemblyFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{AssemblyFile} was not found next to the tests ({here}) or in src/Dvpn.Provider/bin/{configuration}/{framework}: build the solution first (dotnet build -c {configuration}).");
    }
}
