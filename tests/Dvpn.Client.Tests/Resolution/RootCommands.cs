using Dvpn.Devnet.Namespaces;

namespace Dvpn.Client.Tests.Resolution;

/// <summary>The root-only tools the bind-mount and read-only tests need; a failure throws (the test fails loudly).</summary>
internal static class RootCommands
{
    public static async Task<string> RunAsync(params string[] command) =>
        (await ShellCommand.RunCheckedAsync(command)).StandardOutput;

    /// <summary><c>stat -c '%a %u %g'</c> of a path: an independent check of mode and owner.</summary>
    public static async Task<string> ModeAndOwnerAsync(string path) => (await RunAsync("stat", "-c", "%a %u %g", path)).Trim();

    /// <summary>Unmounts <paramref name="path"/> as long as something is mounted there (cleanup, never throws).</summary>
    public static async Task UnmountAllAsync(string path)
    {
        for (int i = 0; i < 5; i++)
        {
            CommandResult result = await ShellCommand.RunAsync(["umount", path], ShellCommand.SetupTimeout);
            if (!result.Succeeded)
            {
                return;
            }
        }
    }
}
