using System.Diagnostics;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Tests.Linux;

/// <summary>
/// A fresh, uniquely named network namespace (<c>ip netns add dvt-XXXXXXXX</c>), deleted on dispose whatever happened.
/// Everything the Linux tests change lives in here; the host's own links and routes are never touched.
/// </summary>
internal sealed class LinuxTestNamespace : IDisposable
{
    private LinuxTestNamespace(string name) => Name = name;

    public string Name { get; }

    public static LinuxTestNamespace Create()
    {
        string name = "dvt-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Ip("netns", "add", name);
        return new LinuxTestNamespace(name);
    }

    /// <summary>Runs <c>ip -n NAME args...</c> and returns its standard output.</summary>
    public string IpIn(params string[] args) => Ip(["-n", Name, .. args]);

    public static string Ip(params string[] args)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }

    public void Dispose()
    {
        try
        {
            Ip("netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone; nothing to clean.
        }
    }
}
