using Dvpn.Client.Networking;

namespace Dvpn.Client.Resolution;

/// <summary>Runs the real <c>resolvectl</c> (never through a shell), with a deadline after which our own child is
/// killed by its handle.</summary>
internal sealed class ResolvectlRunner : IResolvectlRunner
{
    /// <summary>How long one run may take before it counts as hung (resolved answers over D-Bus in milliseconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private readonly TimeSpan _timeout;

    /// <summary>A runner for <paramref name="resolvectlPath"/> (a name looked up in PATH, or a path).</summary>
    public ResolvectlRunner(string resolvectlPath = "resolvectl", TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvectlPath);
        _path = resolvectlPath;
        _timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_timeout, TimeSpan.Zero, nameof(timeout));
    }

    /// <inheritdoc/>
    public async Task<ResolvectlResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ToolProcess.Result result = await ToolProcess.RunAsync([_path, .. arguments], null, _timeout,
            e => new DnsConfigurationException(DnsFailure.ToolMissing,
                $"cannot run '{_path}': {e.Message}. Per-link DNS through systemd-resolved needs resolvectl (systemd-resolved package).", e),
            () => new DnsConfigurationException(DnsFailure.TimedOut, $"'{_path} {string.Join(' ', arguments)}' did not finish within {_timeout}"),
            cancellationToken).ConfigureAwait(false);
        return new ResolvectlResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
