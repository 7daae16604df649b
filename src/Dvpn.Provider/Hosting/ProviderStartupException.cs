namespace Dvpn.Provider.Hosting;

/// <summary>
/// A start step that cannot succeed with the configuration or environment given. Program logs it as one critical
/// line (what, which setting, how to fix it) and exits with code 2, without a stack trace: it is an operator's
/// problem, not a bug.
/// </summary>
internal sealed class ProviderStartupException : Exception
{
    public ProviderStartupException(string setting, string problem, string fix, Exception? innerException = null)
        : base($"{problem} [setting: {setting}] Fix: {fix}", innerException)
    {
        Setting = setting;
        Problem = problem;
        Fix = fix;
    }

    public ProviderStartupException() : this("(none)", "the provider cannot start", "see the log")
    {
    }

    public ProviderStartupException(string message) : this("(none)", message, "see the log")
    {
    }

    public ProviderStartupException(string message, Exception innerException) : this("(none)", message, "see the log", innerException)
    {
    }

    /// <summary>The configuration key (or environment variable) involved.</summary>
    public string Setting { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What the operator should do.</summary>
    public string Fix { get; }
}
