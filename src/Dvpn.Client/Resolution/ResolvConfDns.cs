using System.Net;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Dvpn.Client.Resolution;

/// <summary>
/// Points glibc's resolver at the tunnel's DNS servers by rewriting a resolv.conf (<c>/etc/resolv.conf</c>, or
/// <c>/etc/netns/NS/resolv.conf</c> for processes run with <c>ip netns exec NS</c>), and puts back exactly what was
/// there: the same bytes, mode and owner, the same symbolic link text, or no file.
/// </summary>
/// <remarks>
/// The state from before the first apply is written durably to <c>statePath</c> before the file changes, and it is
/// what a later instance (after a crash) restores from. A later apply (failover) keeps that first state. Calls on one
/// instance are serialised; the work is a few small synchronous file operations.
/// </remarks>
[SupportedOSPlatform("linux")]
internal sealed class ResolvConfDns : IDnsConfigurator
{
    private const UnixFileMode GeneratedMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode CreatedDirectoryMode = GeneratedMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute
        | UnixFileMode.OtherExecute;

    /// <summary>The largest original file saved (glibc reads far less); its base64 fits in <see cref="StateFile.MaxLength"/>.</summary>
    private const int MaxOriginalLength = 1024 * 1024;

    private readonly string _path;
    private readonly string _statePath;
    private readonly ILogger _logger;
    private readonly bool _preserveInode;
    private readonly Lock _gate = new();

    /// <summary>A configurator for <paramref name="resolvConfPath"/> (configuration, trusted) that keeps its undo
    /// state in <paramref name="statePath"/> (its directory is created 0700 when missing).</summary>
    /// <param name="resolvConfPath">The file glibc reads.</param>
    /// <param name="statePath">Where the state from before the first apply is saved.</param>
    /// <param name="logger">Where changes and problems are logged.</param>
    /// <param name="preserveInode">Rewrite an existing regular file in place instead of replacing it by rename. For
    /// <c>/etc/netns/NS/resolv.conf</c>: every process started with <c>ip netns exec NS</c> has that file's inode
    /// bind-mounted as its /etc/resolv.conf, so a rename would hide a failover's new servers from it. The price is a
    /// moment in which a reader may see a short file.</param>
    public ResolvConfDns(string resolvConfPath, string statePath, ILogger logger, bool preserveInode = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvConfPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(statePath);
        ArgumentNullException.ThrowIfNull(logger);
        _path = Path.GetFullPath(resolvConfPath);
        _statePath = Path.GetFullPath(statePath);
        _logger = logger;
        _preserveInode = preserveInode;
    }

    /// <inheritdoc/>
    public string Name => "resolv.conf";

    /// <summary>Writes a resolv.conf naming <paramref name="servers"/> (in order), after saving the state from before
    /// the first apply. A symbolic link is replaced by a regular file (mode 0644); a bind-mounted file is rewritten in
    /// place.</summary>
    /// <exception cref="ArgumentException">Invalid interface name or servers (nothing was changed).</exception>
    /// <exception cref="IOException">Saving the state or writing the file failed (a <see cref="DnsConfigurationException"/>
    /// when the path is a directory or device). If the state was saved, a restore puts the original back.</exception>
    public Task ApplyAsync(string interfaceName, IReadOnlyList<IPAddress> servers, CancellationToken cancellationToken = default)
    {
        DnsInterfaceName.Validate(interfaceName, nameof(interfaceName));
        IReadOnlyList<IPAddress> normalized = ResolvConfContent.Normalize(servers);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            try
            {
                ApplyLocked(interfaceName, normalized);
            }
            catch (UnauthorizedAccessException e)
            {
                throw DnsConfigurationException.AccessDenied(_path, e);
            }
        }

        return Task.CompletedTask;
    }

    private void ApplyLocked(string interfaceName, IReadOnlyList<IPAddress> normalized)
    {
        ResolvConfState state = LoadOrSaveState();
        foreach (string directory in state.CreatedDirectories)
        {
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, CreatedDirectoryMode);
                DurableFile.FlushDirectory(Path.GetDirectoryName(directory)!);
            }
        }

        string content = ResolvConfContent.Build(normalized, interfaceName, state.KeptLines);
        bool inPlace = DurableFile.Write(_path, Encoding.UTF8.GetBytes(content), GeneratedMode, preferInPlace: _preserveInode);
        Log.ResolvConfWritten(_logger, _path, string.Join(", ", normalized.Select(s => ResolvConfContent.Format(s, interfaceName))),
            interfaceName, inPlace ? " (written in place)" : "");
    }

    /// <summary>Puts back what the saved state describes, then deletes the state; nothing to do without one. A state
    /// file that does not parse is logged and renamed to <c>.corrupt</c>, and the current file is left alone.</summary>
    /// <exception cref="IOException">Putting the file back failed (the state file is kept for the next try).</exception>
    public Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            try
            {
                RestoreLocked();
            }
            catch (UnauthorizedAccessException e)
            {
                throw DnsConfigurationException.AccessDenied(_path, e);
            }
        }

        return Task.CompletedTask;
    }

    private void RestoreLocked()
    {
        if (!TryLoadState(out ResolvConfState? state) || state is null)
        {
            return;
        }

        switch (state.Kind)
        {
            case FileKind.Regular:
                DurableFile.Write(_path, state.Content!, state.Mode, state.Uid, state.Gid, _preserveInode);
                break;
            case FileKind.SymbolicLink:
                DurableFile.WriteSymbolicLink(_path, state.LinkText!);
                break;
            default:
                DurableFile.Delete(_path);
                break;
        }

        RemoveCreatedDirectories(state.CreatedDirectories);
        StateFile.Delete(_statePath);
        Log.Restored(_logger, _path, state.Kind, _statePath);
    }

    /// <summary>The saved state, or (none yet) the current one, written durably before anything changes.</summary>
    private ResolvConfState LoadOrSaveState()
    {
        if (TryLoadState(out ResolvConfState? saved) && saved is not null)
        {
            return saved;
        }

        ResolvConfState state = Capture();
        StateFile.Write(_statePath, state.ToJson());
        Log.StateSaved(_logger, _path, state.Kind, _statePath);
        return state;
    }

    /// <summary>False when there is no usable state file (none, or one that was just quarantined).</summary>
    private bool TryLoadState(out ResolvConfState? state)
    {
        state = null;
        if (!StateFile.TryRead(_statePath, out byte[] json))
        {
            return false;
        }

        if (ResolvConfState.TryRead(json, _path, out state, out string problem))
        {
            return true;
        }

        StateFile.Quarantine(_statePath);
        Log.StateCorrupt(_logger, _statePath, problem, _statePath + StateFile.CorruptSuffix);
        return false;
    }

    private ResolvConfState Capture()
    {
        FileStatus status = FileStatus.Read(_path);
        switch (status.Kind)
        {
            case FileKind.Regular:
                byte[] content = File.ReadAllBytes(_path);
                if (content.Length > MaxOriginalLength)
                {
                    // The state must stay readable (StateFile.MaxLength, base64): refuse rather than save what we cannot restore.
                    throw new DnsConfigurationException(DnsFailure.UnsupportedTarget,
                        $"'{_path}' is {content.Length} bytes, more than a resolv.conf can be ({MaxOriginalLength}); dvpnd will not replace it.");
                }

                string text = Encoding.UTF8.GetString(content);
                if (text.StartsWith(ResolvConfContent.Marker, StringComparison.Ordinal))
                {
                    Log.OwnFileWithoutState(_logger, _path);
                }

                return new ResolvConfState(_path, FileKind.Regular, null, content, status.Mode, status.Uid, status.Gid,
                    ResolvConfContent.KeptLines(text), []);
            case FileKind.SymbolicLink:
                string linkText = new FileInfo(_path).LinkTarget!;
                return new ResolvConfState(_path, FileKind.SymbolicLink, linkText, null, 0, 0, 0, ReadThroughLink(), []);
            case FileKind.Absent:
                return new ResolvConfState(_path, FileKind.Absent, null, null, 0, 0, 0, [], MissingDirectories());
            default:
                throw new DnsConfigurationException(DnsFailure.UnsupportedTarget,
                    $"'{_path}' is not a regular file or symbolic link; dvpnd will not replace it.");
        }
    }

    /// <summary>The search/domain lines of the file a symbolic link points at (systemd's stub file), if readable.</summary>
    private IReadOnlyList<string> ReadThroughLink()
    {
        try
        {
            return ResolvConfContent.KeptLines(File.ReadAllText(_path));
        }
        catch (IOException)
        {
            return []; // dangling (resolved not running): nothing to keep
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The ancestors of the path that do not exist yet, outermost first.</summary>
    private List<string> MissingDirectories()
    {
        List<string> missing = [];
        // Absent, not "not a directory": a file in the way is never recorded as ours to remove (the write fails instead).
        for (string? directory = Path.GetDirectoryName(_path);
             directory is not null && directory != "/" && FileStatus.Read(directory).Kind == FileKind.Absent;
             directory = Path.GetDirectoryName(directory))
        {
            missing.Insert(0, directory);
        }

        return missing;
    }

    /// <summary>Removes the directories the first apply created, innermost first, each only when empty.</summary>
    private void RemoveCreatedDirectories(IReadOnlyList<string> created)
    {
        for (int i = created.Count - 1; i >= 0; i--)
        {
            string directory = created[i];
            if (FileStatus.Read(directory).Kind != FileKind.Other || !Directory.Exists(directory))
            {
                continue; // gone, or replaced by a file or link since: not the directory we created
            }

            try
            {
                Directory.Delete(directory, recursive: false); // rmdir(2): refuses a directory that is not empty
            }
            catch (IOException) when (Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Log.DirectoryKept(_logger, directory);
                return; // its parents are not empty either
            }

            DurableFile.FlushDirectory(Path.GetDirectoryName(directory)!);
        }
    }
}
