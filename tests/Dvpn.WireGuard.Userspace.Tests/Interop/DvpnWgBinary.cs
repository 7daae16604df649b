namespace Dvpn.WireGuard.Userspace.Tests.Interop;

/// <summary>
/// Finds the built <c>dvpn-wg</c> (src/Dvpn.WireGuard.Host, in the test assembly's configuration; the test project
/// references it for build order only) above the test assembly.
/// </summary>
internal static class DvpnWgBinary
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private const string RelativePath = "src/Dvpn.WireGuard.Host/bin/" + Configuration + "/net10.0/dvpn-wg";

    public static string Locate()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"dvpn-wg not found at {RelativePath} above {AppContext.BaseDirectory}: build it with 'dotnet build -c " + Configuration + " src/Dvpn.WireGuard.Host'");
    }
}
