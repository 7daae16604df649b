namespace Dvpn.Provider.Hosting;

/// <summary>
/// The data directory and the secrets in it: the directory is 0700 and every file 0600. Secrets are written with
/// <see cref="Dvpn.Chain.Wallet.SecureFile.WriteAtomically"/> (0600 from creation, renamed into place), so a crash
/// never leaves half a key and no other user can read one.
/// </summary>
internal static class SecureFiles
{
    /// <summary>Owner read/write only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (0700) or tightens an existing one to 0700.</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        if (File.GetUnixFileMode(path) != DirectoryMode)
        {
            File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    /// <summary>Tightens an existing secret file to 0600 (an operator may have copied it in with a looser mode).</summary>
    public static bool Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == FileMode)
        {
            return false;
        }

        File.SetUnixFileMode(path, FileMode);
        return true;
    }
}
