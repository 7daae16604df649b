using System.Diagnostics;
using System.Security.Cryptography;

namespace Dvpn.WireGuard.Userspace.Tests.Io;

/// <summary>
/// A fresh, uniquely named network namespace (<c>ip netns add dui-XXXXXXXX</c>) with its loopback up, deleted on
/// dispose. Creating it fails loudly when not root or when <c>ip</c> is missing.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    private TestNamespace(string name) => Name = name;

    public string Name { get; }

    public static TestNamespace Create()
    {
        string name = "dui-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        Ip("netns", "add", name);
        var created = new TestNamespace(name);
        created.IpIn("link", "set", "lo", "up");
        return created;
    }

    /// <summary>A unique interface name (at most 15 bytes).</summary>
    public static string NewInterfaceName() => "dut" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Runs <c>ip -n NAME args...</c> and returns its standard output; throws on failure.</summary>
    public string IpIn(params string[] args) => Ip(["-n", Name, .. args]);

    /// <summary>Runs <c>ip -n NAME args...</c>; true when it exits 0.</summary>
    public bool TryIpIn(params string[] args) => Run(["-n", Name, .. args], out _, out _);

    public static string Ip(params string[] args) =>
        Run(args, out string stdout, out string stderr)
            ? stdout
            : throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {stderr}");

    public void Dispose()
    {
        _ = Run(["netns", "del", Name], out _, out _);
    }

    private static bool Run(string[] args, out string stdout, out string stderr)
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
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        stdout = output.Result;
        return process.ExitCode == 0;
    }
}
