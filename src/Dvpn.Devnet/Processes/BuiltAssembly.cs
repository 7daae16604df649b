namespace Dvpn.Devnet.Processes;

/// <summary>
/// Finds one of the repo's executables as built by <c>dotnet build</c> (run as <c>dotnet &lt;assembly&gt;</c>): next to
/// the running program when its runtimeconfig came along (a project reference copies it), else in the owning project's
/// own output for the same configuration and framework, found by walking up from the running program to the repo root.
/// Fails with instructions when there is none.
/// </summary>
public static class BuiltAssembly
{
    /// <summary>The full path of <paramref name="assemblyFile"/> (e.g. <c>dvpnd.dll</c>).</summary>
    /// <param name="assemblyFile">The assembly's file name.</param>
    /// <param name="projectDirectory">The owning project's directory relative to the repo root, e.g. <c>src/Dvpn.Daemon</c>.</param>
    /// <exception cref="FileNotFoundException">Not built.</exception>
    public static string Locate(string assemblyFile, string projectDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyFile);
        ArgumentException.ThrowIfNullOrEmpty(projectDirectory);
        string here = AppContext.BaseDirectory;
        string runtimeConfig = Path.ChangeExtension(assemblyFile, ".runtimeconfig.json");
        if (File.Exists(Path.Combine(here, assemblyFile)) && File.Exists(Path.Combine(here, runtimeConfig)))
        {
            return Path.Combine(here, assemblyFile);
        }

        // <repo>/<anything>/bin/<Configuration>/<tfm>/ -> <repo>/<projectDirectory>/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent?.Name ?? "Release";
        for (DirectoryInfo? dir = output; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, projectDirectory, "bin", configuration, framework, assemblyFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"{assemblyFile} was not found next to {here} or in {projectDirectory}/bin/{configuration}/{framework}: build the solution first (dotnet build DvpnClient.sln -c {configuration}).");
    }
}
