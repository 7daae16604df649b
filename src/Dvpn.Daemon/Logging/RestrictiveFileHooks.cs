using System.Text;
using Serilog.Sinks.File;

namespace Dvpn.Daemon.Logging;

/// <summary>Log files are 0600: lines name providers, addresses and amounts, which are the operator's business.
/// (Serilog creates them with the process umask; the mode is narrowed as soon as each file is opened.)</summary>
internal sealed class RestrictiveFileHooks : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return underlyingStream;
    }
}
