namespace Dvpn.Client.Resolution;

/// <summary>The outcome of a <c>resolvectl</c> run that started and finished.</summary>
internal readonly record struct ResolvectlResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>True when it exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}
