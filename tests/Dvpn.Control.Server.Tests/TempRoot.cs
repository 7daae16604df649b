using Dvpn.Control.Server.Transport;

namespace Dvpn.Control.Server.Tests;

/// <summary>A temporary directory that an unprivileged user can traverse, holding a group file and the socket directory.</summary>
internal sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Path = Directory.CreateTempSubdirectory("dvpn-ctl-").FullName;
        // CreateTempSubdirectory makes it 0700; the unprivileged client must reach the socket inside.
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
        GroupFile = System.IO.Path.Combine(Path, "group");
        File.WriteAllText(GroupFile,
            $"root:x:0:\nnogroup:x:65534:\n{ControlServer.OperatorGroup}:x:{ControlServer.OperatorGid}:alice,bob\n");
    }

    public string Path { get; }

    public string GroupFile { get; }

    public string SocketDirectory => System.IO.Path.Combine(Path, "run");

    public ControlSocketOptions SocketOptions() => new() { Directory = SocketDirectory, FileName = "dvpnd.sock" };

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
