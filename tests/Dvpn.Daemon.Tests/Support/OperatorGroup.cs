using System.Globalization;
using System.Security.Cryptography;
using Dvpn.Devnet.Namespaces;

namespace Dvpn.Daemon.Tests.Support;

/// <summary>A system group made for this run with groupadd (root only), removed with groupdel.</summary>
public sealed class OperatorGroup : IAsyncDisposable
{
    private OperatorGroup(string name, uint id)
    {
        Name = name;
        Id = id;
    }

    public string Name { get; }

    public uint Id { get; }

    /// <exception cref="InvalidOperationException">groupadd is missing or fails (not root).</exception>
    public static async Task<OperatorGroup> CreateAsync()
    {
        string name = "dvpnt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        if (!File.Exists("/usr/sbin/groupadd"))
        {
            throw new InvalidOperationException("The authorization tests need /usr/sbin/groupadd (package passwd) to make an operator group.");
        }

        CommandResult added = await ShellCommand.RunAsync(["/usr/sbin/groupadd", "--system", name], ShellCommand.SetupTimeout);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException($"groupadd {name} failed ({added.ExitCode}): {added.StandardError.Trim()} (the tests must run as root)");
        }

        CommandResult entry = (await ShellCommand.RunAsync(["getent", "group", name], ShellCommand.SetupTimeout)).EnsureSuccess();
        // name:x:gid:members
        uint id = uint.Parse(entry.StandardOutput.Trim().Split(':')[2], CultureInfo.InvariantCulture);
        return new OperatorGroup(name, id);
    }

    public async ValueTask DisposeAsync() =>
        (await ShellCommand.RunAsync(["/usr/sbin/groupdel", Name], ShellCommand.SetupTimeout)).EnsureSuccess();

    public override string ToString() => $"{Name} ({Id})";
}
