namespace Dvpn.Client.Tests.Support;

/// <summary>
/// Finds the built sample, <c>samples/DvpnClient.Sample/bin/&lt;Configuration&gt;/&lt;tfm&gt;/DvpnClient.Sample.dll</c>, from
/// the test assembly's output directory; fails with instructions when it is not built.
/// </summary>
internal static class SampleBinary
{
    public const string AssemblyFile = "DvpnClient.Sample.dll";

    private static readonly Lazy<string> s_path = new(Find);

    public static string Locate() => s_path.Value;

    private static string Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent?.Name ?? "Release";
        for (DirectoryInfo? dir = output; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "DvpnClient.Sample", "bin", configuration, framework, AssemblyFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{AssemblyFile} was not found in samples/DvpnClient.Sample/bin/{configuration}/{framework}: build the solution first (dotnet build DvpnClient.sln -c {configuration}).");
    }
}
