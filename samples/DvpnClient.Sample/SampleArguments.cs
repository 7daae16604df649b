namespace DvpnClient.Sample;

/// <summary>The sample's own switches, which the configuration's command-line reader must not see.</summary>
internal static class SampleArguments
{
    /// <summary>Connect at start (otherwise the client only returns to its persisted target state).</summary>
    public const string Connect = "--connect";

    public static string[] WithoutSwitches(string[] args) => [.. args.Where(a => !string.Equals(a, Connect, StringComparison.Ordinal))];
}
