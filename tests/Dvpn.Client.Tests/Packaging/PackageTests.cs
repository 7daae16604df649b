using System.Diagnostics;
using System.IO.Compression;

namespace Dvpn.Client.Tests.Packaging;

/// <summary>
/// Runs the real <c>dotnet pack</c> on the library (already built in Release by the test run) and looks inside the
/// package: what an embedding developer downloads must carry the README, the licence, the XML docs and symbols.
/// </summary>
public sealed class PackageTests
{
    [Fact]
    public async Task Pack_ProducesTheDvpnClientPackageWithReadmeLicenseDocsAndSymbols()
    {
        string root = RepositoryRoot();
        string output = Directory.CreateTempSubdirectory("dvpn-pack-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "pack", Path.Combine(root, "src", "Dvpn.Client", "Dvpn.Client.csproj"), "-c", "Release", "--no-build", "-o", output, "-nologo" })
            {
                start.ArgumentList.Add(arg);
            }

            using Process pack = Process.Start(start)!;
            Task<string> stdout = pack.StandardOutput.ReadToEndAsync();
            Task<string> stderr = pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed ({pack.ExitCode}):\n{await stdout}\n{await stderr}");

            string package = Assert.Single(Directory.GetFiles(output, "DvpnClient.*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal));
            Assert.Single(Directory.GetFiles(output, "DvpnClient.*.snupkg"));
            using ZipArchive zip = ZipFile.OpenRead(package);
            string[] entries = [.. zip.Entries.Select(e => e.FullName)];
            Assert.Contains("README.md", entries);
            Assert.Contains("LICENSE", entries);
            Assert.Contains("lib/net10.0/Dvpn.Client.dll", entries);
            Assert.Contains("lib/net10.0/Dvpn.Client.xml", entries);

            string nuspec = await new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEndAsync();
            Assert.Contains("<id>DvpnClient</id>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
            Assert.Contains("id=\"DvpnClient.Chain\"", nuspec, StringComparison.Ordinal);
            Assert.Contains("id=\"DvpnClient.WireGuard\"", nuspec, StringComparison.Ordinal);
            Assert.Contains("id=\"DvpnClient.Protocol\"", nuspec, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "DvpnClient.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"DvpnClient.sln not found above {AppContext.BaseDirectory}");
    }
}
