namespace Dvpn.Daemon.Install;

/// <summary>The arguments of <c>dvpnd install</c> / <c>dvpnd uninstall</c>.</summary>
internal sealed record InstallArguments(bool Install, string Root, string OperatorGroup, string? ExecStart, bool Purge, bool Help)
{
    public const string Usage = """
        usage: dvpnd install [--root DIR] [--operator-group NAME] [--exec COMMAND]
               dvpnd uninstall [--root DIR] [--purge]
          --root DIR             install into a staging root (no system command is run, only printed)
          --operator-group NAME  the group whose members may change state and move money (default dvpn)
          --exec COMMAND         the service's command line (default: this dvpnd)
          --purge                uninstall: also delete /etc/dvpn, /var/lib/dvpn and /var/log/dvpn
        """;

    /// <summary>Whether files go to the real system (no --root): only then are system commands run.</summary>
    public bool IsSystem => Root == "/";

    public static InstallArguments Parse(string verb, IReadOnlyList<string> args)
    {
        bool install = verb == "install";
        string root = "/";
        string group = "dvpn";
        string? exec = null;
        bool purge = false;
        bool help = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--root":
                    root = Value(args, ref i, arg);
                    if (!Path.IsPathFullyQualified(root))
                    {
                        throw new FormatException("--root must be an absolute path");
                    }

                    break;
                case "--operator-group" when install:
                    group = Value(args, ref i, arg);
                    if (group.Length is 0 or > 32 || !group.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
                    {
                        throw new FormatException($"'{group}' is not a group name (a-z, 0-9, '_', '-')");
                    }

                    break;
                case "--exec" when install:
                    exec = Value(args, ref i, arg);
                    break;
                case "--purge" when !install:
                    purge = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    throw new FormatException($"unknown argument '{arg}'");
            }
        }

        return new InstallArguments(install, root, group, exec, purge, help);
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name) =>
        ++i < args.Count && args[i].Length > 0 ? args[i] : throw new FormatException($"{name} needs a value");
}
