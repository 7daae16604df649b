namespace Dvpn.Devnet.Namespaces;

/// <summary>What a command that ran to completion left behind.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StandardOutput">Everything it wrote to stdout.</param>
/// <param name="StandardError">Everything it wrote to stderr.</param>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when the exit code is 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result, or throws <see cref="NetworkLabException"/> with the output when it failed.</summary>
    public CommandResult EnsureSuccess() => Succeeded
        ? this
        : throw new NetworkLabException($"'{CommandLine}' exited with {ExitCode}: {StandardError.Trim()} {StandardOutput.Trim()}".TrimEnd());
}
