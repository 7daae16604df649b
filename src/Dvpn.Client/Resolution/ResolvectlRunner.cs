using System.ComponentModel;
using System.Diagnostics;

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
        ProcessStartInfo startInfo = new(_path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process process = new() { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new DnsConfigurationException(DnsFailure.ToolMissing,
                $"cannot run '{_path}': {e.Message}. Per-link DNS through systemd-resolved needs resolvectl (systemd-resolved package).", e);
        }

        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(); // our own child, by its handle
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new DnsConfigurationException(DnsFailure.TimedOut,
                $"'{_path} {string.Join(' ', arguments)}' did not finish within {_timeout}");
        }

        return new ResolvectlResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
