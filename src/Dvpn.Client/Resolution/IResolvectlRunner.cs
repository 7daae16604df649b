namespace Dvpn.Client.Resolution;

/// <summary>Runs <c>resolvectl</c> with an argument list; a seam so the argument lists can be tested where no
/// systemd-resolved runs.</summary>
internal interface IResolvectlRunner
{
    /// <summary>Runs <c>resolvectl arguments..</c> to completion.</summary>
    /// <exception cref="DnsConfigurationException">It cannot be started (<see cref="DnsFailure.ToolMissing"/>) or
    /// does not finish in time (<see cref="DnsFailure.TimedOut"/>).</exception>
    Task<ResolvectlResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
